import { randomUUID } from 'node:crypto';
import type { DataStoreRef, MappingRefiner, MigrationCommand } from '@sensei/domain';
import type { CertificateSigner } from '@sensei/kora';
import type { ArtifactStore } from '../artifacts/artifact-store.port';
import { openSourceConnector } from '../connectors/source/open-source-connector';
import type { SourceConnector } from '../connectors/source/source-connector.port';
import type { MigrationCommandStream } from '../event-store/command-stream/migration-command-stream';
import { OpenAiMappingRefiner } from '../llm/openai-mapping-refiner';
import { openTargetDatabase, type TargetDatabase } from './target-database';

export type PipelinePhase =
  'ingestion' | 'mapping' | 'transformation' | 'verification' | 'delivery';

/** What a long phase reports as it goes, for progress bars (TTY) or plain lines. */
export interface PipelineProgress {
  phaseStarted(phase: PipelinePhase, detail?: string): void;
  tableProgress(phase: PipelinePhase, table: string, rows: number, totalRows?: number): void;
  phaseDone(phase: PipelinePhase, summary: string): void;
}

export const silentProgress: PipelineProgress = {
  phaseStarted: () => undefined,
  tableProgress: () => undefined,
  phaseDone: () => undefined,
};

/** The ports and settings the agents of a migration run with. */
export interface PipelineContext {
  commands: MigrationCommandStream;
  artifacts: ArtifactStore;
  openSource(ref: DataStoreRef): Promise<SourceConnector>;
  openTarget(ref: DataStoreRef): Promise<TargetDatabase>;
  progress: PipelineProgress;
  /** Who the agents act as in event metadata, e.g. `cli:alice`. */
  actor: string;
  correlationId: string;
  newId(): string;
  now(): Date;
  rowsPerPartition?: number;
  scratchDirectory?: string;
  /** Optional second opinion on low-confidence mappings (an LLM); absent: MABA alone. */
  refiner?: MappingRefiner;
  /** Signs KORA's certificates (key file or env today, a KMS later). */
  signer: CertificateSigner;
}

type CommandData<Type extends MigrationCommand['type']> = Extract<
  MigrationCommand,
  { type: Type }
>['data'];

/** Sends one command through the decider as `agent` (e.g. `scout`), caused by the run. */
export const send = <Type extends MigrationCommand['type']>(
  context: PipelineContext,
  agent: string,
  type: Type,
  data: CommandData<Type>,
) =>
  context.commands.handle({
    type,
    data,
    metadata: {
      eventId: context.newId(),
      correlationId: context.correlationId,
      causationId: context.correlationId,
      actor: `${context.actor}/agent:${agent}`,
      timestamp: context.now().toISOString(),
    },
  } as MigrationCommand);

/** Puts a password kept in memory back into a connection string, for the drivers. */
export const withPassword = (uri: string, password: string | undefined): string => {
  if (!password) return uri;
  const url = new URL(uri);
  url.password = password;
  return url.toString();
};

export interface StandardContextOptions {
  commands: MigrationCommandStream;
  artifacts: ArtifactStore;
  progress: PipelineProgress;
  actor: string;
  signer: CertificateSigner;
  /**
   * The password of a network store, resolved at run time: events never hold one. Defaults to
   * SENSEI_PASSWORD for PostgreSQL and MySQL stores.
   */
  passwordFor?: (ref: DataStoreRef) => string | undefined;
}

/**
 * The LLM refiner when SENSEI_LLM_BASE_URL and SENSEI_LLM_MODEL name an OpenAI-compatible
 * endpoint (key in SENSEI_LLM_API_KEY or OPENAI_API_KEY); none otherwise, the default.
 */
export const refinerFromEnv = (env: NodeJS.ProcessEnv): MappingRefiner | undefined =>
  env.SENSEI_LLM_BASE_URL && env.SENSEI_LLM_MODEL
    ? new OpenAiMappingRefiner({
        baseURL: env.SENSEI_LLM_BASE_URL,
        model: env.SENSEI_LLM_MODEL,
        apiKey: env.SENSEI_LLM_API_KEY ?? env.OPENAI_API_KEY,
      })
    : undefined;

/** The context with the real connectors (source factory, PostgreSQL/PGlite targets). */
export const standardPipelineContext = (options: StandardContextOptions): PipelineContext => {
  const fromEnv = (ref: DataStoreRef) =>
    ref.kind === 'postgres' || ref.kind === 'mysql' ? process.env.SENSEI_PASSWORD : undefined;
  const password = (ref: DataStoreRef) => options.passwordFor?.(ref) ?? fromEnv(ref);
  return {
    commands: options.commands,
    artifacts: options.artifacts,
    openSource: (ref) => openSourceConnector(ref, { password: password(ref) }),
    openTarget: (ref) => openTargetDatabase({ ...ref, uri: withPassword(ref.uri, password(ref)) }),
    progress: options.progress,
    actor: options.actor,
    signer: options.signer,
    refiner: refinerFromEnv(process.env),
    correlationId: randomUUID(),
    newId: randomUUID,
    now: () => new Date(),
  };
};

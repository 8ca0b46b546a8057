import type { DataStoreRef, MigrationCommand } from '@sensei/domain';
import type { ArtifactStore } from '../artifacts/artifact-store.port';
import type { SourceConnector } from '../connectors/source/source-connector.port';
import type { MigrationCommandStream } from '../event-store/command-stream/migration-command-stream';
import type { TargetDatabase } from './target-database';

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

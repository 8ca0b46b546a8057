import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import {
  artifactStoreFromEnv,
  checkPipelineSettings,
  type ArtifactStore,
  createPGliteEventStore,
  createPostgresEventStore,
  type EventStore,
  MigrationCommandStream,
  openKeyFileSigner,
  type PipelineContext,
  type PipelineProgress,
  signingKeyFileIn,
  standardPipelineContext,
} from '@sensei/infra';

/** Where the CLI keeps its events and artifacts: the same defaults as the command API. */
export interface CliSettings {
  dataDir: string;
}

export interface CliRuntime {
  eventStore: EventStore;
  commands: MigrationCommandStream;
  artifacts: ArtifactStore;
  actor: string;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * SENSEI_EVENT_STORE=postgres with DATABASE_URL shares the production store; else PGlite.
 * Artifacts: SENSEI_ARTIFACT_STORE (local in <data dir>/artifacts by default, or s3).
 */
export const openRuntime = async (settings: CliSettings): Promise<CliRuntime> => {
  // Read first: a bad artifact or pipeline setting fails before any store is opened.
  checkPipelineSettings(process.env);
  const artifacts = artifactStoreFromEnv(process.env, {
    directory: join(settings.dataDir, 'artifacts'),
  });
  const eventStore =
    process.env.SENSEI_EVENT_STORE === 'postgres'
      ? await createPostgresEventStore(process.env.DATABASE_URL ?? '')
      : await createPGliteEventStore(join(settings.dataDir, 'data'));
  return {
    eventStore,
    commands: new MigrationCommandStream(eventStore),
    artifacts,
    dataDir: settings.dataDir,
    actor: `cli:${process.env.SENSEI_ACTOR ?? userInfo().username}`,
    close: () => eventStore.close(),
  };
};

/** Passwords the user gave for this run, by store URI (never recorded in events). */
export type Passwords = ReadonlyMap<string, string | undefined>;

/**
 * The agents' context. Only commands that run phases build one, so only they open the signing
 * key (SENSEI_SIGNING_KEY, else the key file, generated on first use): `status` writes nothing.
 */
export const pipelineContext = async (
  runtime: CliRuntime,
  progress: PipelineProgress,
  passwords: Passwords,
): Promise<PipelineContext> =>
  standardPipelineContext({
    commands: runtime.commands,
    artifacts: runtime.artifacts,
    progress,
    actor: runtime.actor,
    signer: await openKeyFileSigner({
      defaultKeyFile: signingKeyFileIn(runtime.dataDir),
      log: (line) => process.stdout.write(`${line}\n`),
    }),
    passwordFor: (ref) => passwords.get(ref.uri),
  });

/** Metadata of a command a CLI user gives (a review decision, a resume, a cancel). */
export const commandMetadata = (runtime: CliRuntime) => {
  const id = randomUUID();
  return {
    eventId: id,
    correlationId: id,
    causationId: id,
    actor: runtime.actor,
    timestamp: new Date().toISOString(),
  };
};

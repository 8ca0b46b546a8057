import { join } from 'node:path';
import { userInfo } from 'node:os';
import {
  type ArtifactStore,
  createPGliteEventStore,
  createPostgresEventStore,
  type EventStore,
  LocalDirectoryArtifactStore,
  MigrationCommandStream,
  type PipelineContext,
  type PipelineProgress,
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
  close(): Promise<void>;
}

/** SENSEI_EVENT_STORE=postgres with DATABASE_URL shares the production store; else PGlite. */
export const openRuntime = async (settings: CliSettings): Promise<CliRuntime> => {
  const eventStore =
    process.env.SENSEI_EVENT_STORE === 'postgres'
      ? await createPostgresEventStore(process.env.DATABASE_URL ?? '')
      : await createPGliteEventStore(join(settings.dataDir, 'data'));
  return {
    eventStore,
    commands: new MigrationCommandStream(eventStore),
    artifacts: new LocalDirectoryArtifactStore(join(settings.dataDir, 'artifacts')),
    actor: `cli:${process.env.SENSEI_ACTOR ?? userInfo().username}`,
    close: () => eventStore.close(),
  };
};

/** Passwords the user gave for this run, by store URI (never recorded in events). */
export type Passwords = ReadonlyMap<string, string | undefined>;

export const pipelineContext = (
  runtime: CliRuntime,
  progress: PipelineProgress,
  passwords: Passwords,
): PipelineContext =>
  standardPipelineContext({
    commands: runtime.commands,
    artifacts: runtime.artifacts,
    progress,
    actor: runtime.actor,
    passwordFor: (ref) => passwords.get(ref.uri),
  });

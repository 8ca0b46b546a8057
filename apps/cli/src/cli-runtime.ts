import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { DataStoreRef } from '@sensei/domain';
import {
  type ArtifactStore,
  createPGliteEventStore,
  createPostgresEventStore,
  type EventStore,
  LocalDirectoryArtifactStore,
  MigrationCommandStream,
  openSourceConnector,
  openTargetDatabase,
  type PipelineContext,
  type PipelineProgress,
} from '@sensei/infra';
import { withPassword } from './store-refs';

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
): PipelineContext => {
  const password = (ref: DataStoreRef) =>
    passwords.get(ref.uri) ??
    (ref.kind === 'postgres' || ref.kind === 'mysql' ? process.env.SENSEI_PASSWORD : undefined);
  return {
    commands: runtime.commands,
    artifacts: runtime.artifacts,
    openSource: (ref) => openSourceConnector(ref, { password: password(ref) }),
    openTarget: (ref) => openTargetDatabase({ ...ref, uri: withPassword(ref.uri, password(ref)) }),
    progress,
    actor: runtime.actor,
    correlationId: randomUUID(),
    newId: randomUUID,
    now: () => new Date(),
  };
};

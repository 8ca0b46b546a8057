import {
  createPGliteEventStore,
  createPostgresEventStore,
  type EventStore,
  LocalDirectoryArtifactStore,
  MigrationAgents,
  MigrationCommandStream,
  silentProgress,
  standardPipelineContext,
} from '@sensei/infra';

/**
 * The agents as their own process, for deployments where the command API runs with
 * SENSEI_AGENTS=off: the same event store settings as the API, plus SENSEI_ARTIFACT_DIR.
 */
export const startAgents = async (
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<{ eventStore: EventStore; agents: MigrationAgents }> => {
  const eventStore =
    env.SENSEI_EVENT_STORE === 'postgres'
      ? await createPostgresEventStore(env.DATABASE_URL ?? '')
      : await createPGliteEventStore(env.SENSEI_DATA_DIR || './.sensei/data');
  const context = standardPipelineContext({
    commands: new MigrationCommandStream(eventStore),
    artifacts: new LocalDirectoryArtifactStore(env.SENSEI_ARTIFACT_DIR || './.sensei/artifacts'),
    progress: silentProgress,
    actor: 'service:agents',
  });
  const agents = new MigrationAgents(eventStore, context, log);
  agents.start();
  return { eventStore, agents };
};

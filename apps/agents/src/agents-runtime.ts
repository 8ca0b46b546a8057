import {
  artifactStoreFromEnv,
  createPGliteEventStore,
  createPostgresEventStore,
  type EventStore,
  MigrationAgents,
  MigrationCommandStream,
  openKeyFileSigner,
  signingKeyFileIn,
  silentProgress,
  standardPipelineContext,
} from '@sensei/infra';

/**
 * The agents as their own process, for deployments where the command API runs with
 * SENSEI_AGENTS=off: the same event store and artifact store settings as the API.
 */
export const startAgents = async (
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<{ eventStore: EventStore; agents: MigrationAgents }> => {
  const artifacts = artifactStoreFromEnv(env, { directory: './.sensei/artifacts' });
  const eventStore =
    env.SENSEI_EVENT_STORE === 'postgres'
      ? await createPostgresEventStore(env.DATABASE_URL ?? '')
      : await createPGliteEventStore(env.SENSEI_DATA_DIR || './.sensei/data');
  const context = standardPipelineContext({
    commands: new MigrationCommandStream(eventStore),
    artifacts,
    progress: silentProgress,
    actor: 'service:agents',
    signer: await openKeyFileSigner({
      defaultKeyFile: signingKeyFileIn(env.SENSEI_DATA_DIR || './.sensei/data'),
      env,
      log,
    }),
  });
  const agents = new MigrationAgents(eventStore, context, log);
  agents.start();
  return { eventStore, agents };
};

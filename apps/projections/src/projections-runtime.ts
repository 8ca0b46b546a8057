import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  HttpEventFeed,
  LineageProjector,
  openLineageGraph,
  openReadSide,
  type ReadSideEnv,
  startReadSide,
} from '@sensei/infra';
import { createProjectionsApp } from './bootstrap';
import { loadProjectionsConfig, type ProjectionsConfig } from './config/projections.config';

export interface ProjectionsService {
  app: NestFastifyApplication;
  config: ProjectionsConfig;
  /** Dev mode only: a reader token signed with the generated secret. */
  devToken?: string;
  /** Where events come from and where the read models live, for the startup line. */
  description: string;
  /** Stops serving, then the runners after their batch in flight, then closes the databases. */
  close(): Promise<void>;
}

/**
 * SENSEI_EVENTS_URL: a command API's event stream, authenticated with SENSEI_EVENTS_API_KEY
 * (a key with role viewer or higher) or SENSEI_EVENTS_TOKEN (a JWT).
 */
const httpFeed = (url: string, env: ReadSideEnv) =>
  new HttpEventFeed({
    url,
    ...(env.SENSEI_EVENTS_API_KEY ? { apiKey: env.SENSEI_EVENTS_API_KEY } : {}),
    ...(env.SENSEI_EVENTS_TOKEN ? { bearerToken: env.SENSEI_EVENTS_TOKEN } : {}),
  });

/**
 * The projections process: the read models' runners, the lineage projector and the GraphQL API
 * over them, from the environment (see openReadSide and openLineageGraph for the stores). Each
 * part closes what it opened if a later one fails to start.
 */
export const startProjectionsService = async (
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = (line) => console.log(line),
): Promise<ProjectionsService> => {
  const config = loadProjectionsConfig(env);
  const connections = await openReadSide(env, { httpFeed });
  const cleanup: Array<() => Promise<void>> = [() => connections.close()];
  const closeAll = async () => {
    for (const step of [...cleanup].reverse()) {
      await step().catch((error: unknown) => log(`projections: while closing: ${String(error)}`));
    }
  };
  try {
    const { feed, sql } = connections;
    const readSide = await startReadSide({ feed, sql, log });
    cleanup.push(() => readSide.stop());
    const lineage = await openLineageGraph(env, sql);
    cleanup.push(() => lineage.close());
    const projector = new LineageProjector(lineage, feed, {
      onError: (error) => log(`lineage: ${error instanceof Error ? error.message : String(error)}`),
    });
    projector.start();
    cleanup.push(() => projector.stop());
    const { app, devToken } = await createProjectionsApp({
      config,
      readSql: sql,
      lineage,
      readSide,
      feed,
      lineageStatus: projector,
    });
    cleanup.push(() => app.close());
    return {
      app,
      config,
      devToken,
      description: `events from ${feed.description}; read models in ${sql.description}; lineage in ${lineage.description}`,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
};

import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  type ApiKeyStore,
  Authenticator,
  generateDevSecret,
  JwtVerifier,
  signHs256,
  SqlApiKeyStore,
} from '@sensei/infra';
import type { FastifyInstance } from 'fastify';
import type { ProjectionsConfig } from './config/projections.config';
import { installReaderAuth } from './graphql/auth/graphql-auth';
import { GRAPHQL_PATH } from './graphql/graphql-options';
import { installResponseCache } from './graphql/response-cache';
import { PROJECTIONS_STATUS_PATH } from './http/health.http.controller';
import { ProjectionsModule, type ProjectionsPorts } from './projections.module';
import { ReadModelCache } from './read-models/read-model.cache';

export interface ProjectionsAppOptions extends ProjectionsPorts {
  config: ProjectionsConfig;
  /**
   * Where API keys are looked up. Default: the `api_keys` table in the read database, which is
   * the command API's own table when both use the same PostgreSQL database.
   */
  apiKeys?: ApiKeyStore;
  logger?: ('fatal' | 'error' | 'warn' | 'log')[];
}

export interface ProjectionsApp {
  app: NestFastifyApplication;
  config: ProjectionsConfig;
  /** Dev mode only: a reader token signed with the generated secret. */
  devToken?: string;
}

const withDevSecret = (
  config: ProjectionsConfig,
): { config: ProjectionsConfig; devToken?: string } => {
  if (!config.auth.devMode) return { config };
  const jwtSecret = generateDevSecret();
  const devToken = signHs256({ sub: 'dev-reader', role: 'viewer' }, jwtSecret, '12h');
  return { config: { ...config, auth: { ...config.auth, jwtSecret } }, devToken };
};

const apiKeysIn = async (options: ProjectionsAppOptions): Promise<ApiKeyStore> => {
  if (options.apiKeys) return options.apiKeys;
  const store = new SqlApiKeyStore(options.readSql);
  await store.ensureSchema();
  return store;
};

/**
 * Builds the GraphQL read API on the given ports (not listening). The read side's runners, the
 * lineage projector and the ports' lifecycles stay with the caller: main.ts, or a test that
 * injects requests or listens on port 0.
 */
export const createProjectionsApp = async (
  options: ProjectionsAppOptions,
): Promise<ProjectionsApp> => {
  const { config, devToken } = withDevSecret(options.config);
  const authenticator = new Authenticator(new JwtVerifier(config.auth), await apiKeysIn(options));
  const adapter = new FastifyAdapter();
  const fastify = adapter.getInstance<FastifyInstance>();
  installReaderAuth(fastify, authenticator, {
    graphql: GRAPHQL_PATH,
    rest: [PROJECTIONS_STATUS_PATH],
  });
  const caches = {
    reads: new ReadModelCache(config.graphql.cacheMs),
    responses: new ReadModelCache(config.graphql.cacheMs),
  };
  installResponseCache(fastify, caches.responses, GRAPHQL_PATH);
  const app = await NestFactory.create<NestFastifyApplication>(
    ProjectionsModule.forRoot(config, options, authenticator, caches),
    adapter,
    { logger: options.logger ?? ['fatal', 'error', 'warn'] },
  );
  await app.init();
  return { app, config, devToken };
};

import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { LogLevel as NestLogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { generateDevSecret, signHs256 } from '@sensei/infra';
import { createAdapters, type CommandApiAdapters } from './adapters/create-adapters';
import { CommandApiModule } from './command-api.module';
import type { CommandApiConfig, LogLevel } from './config/command-api.config';
import { setupOpenApi } from './http/openapi';

export interface CommandApi {
  app: NestFastifyApplication;
  /** The config the app runs with (in dev mode, with the generated secret). */
  config: CommandApiConfig;
  /** Dev mode only: an admin token signed with the generated secret. */
  devToken?: string;
}

export const CORRELATION_HEADER = 'x-correlation-id';
const CORRELATION_ID = /^[\w.:@/+=-]{1,128}$/;
const BODY_LIMIT_BYTES = 1024 * 1024;

const nestLogLevels: Record<LogLevel, NestLogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  verbose: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/** The request id is the correlation id: the client's `X-Correlation-Id` when sane, else new. */
const correlationIdOf = (request: IncomingMessage): string => {
  const header = request.headers[CORRELATION_HEADER];
  return typeof header === 'string' && CORRELATION_ID.test(header) ? header : randomUUID();
};

const withDevSecret = (
  config: CommandApiConfig,
): { config: CommandApiConfig; devToken?: string } => {
  if (!config.auth.devMode) return { config };
  const jwtSecret = generateDevSecret();
  const devToken = signHs256({ sub: 'dev-admin', role: 'admin' }, jwtSecret, '12h');
  return { config: { ...config, auth: { ...config.auth, jwtSecret } }, devToken };
};

/**
 * Builds the command API (not listening): opens the adapters unless given, wires Nest on Fastify,
 * OpenAPI, and the correlation id. Tests call this and use `app.inject`; `main.ts` listens.
 */
export const createCommandApi = async (
  baseConfig: CommandApiConfig,
  givenAdapters?: CommandApiAdapters,
): Promise<CommandApi> => {
  const { config, devToken } = withDevSecret(baseConfig);
  const adapters = givenAdapters ?? (await createAdapters(config));
  try {
    const fastify = new FastifyAdapter({ genReqId: correlationIdOf, bodyLimit: BODY_LIMIT_BYTES });
    const app = await NestFactory.create<NestFastifyApplication>(
      CommandApiModule.forRoot(config, adapters),
      fastify,
      { logger: nestLogLevels[config.logLevel] },
    );
    const instance = app.getHttpAdapter().getInstance();
    // JSON only: any other body is a clean 415, not a string that fails validation oddly.
    instance.removeContentTypeParser('text/plain');
    instance.addHook('onSend', async (request, reply) => {
      void reply.header(CORRELATION_HEADER, request.id);
    });
    setupOpenApi(app);
    await app.init();
    return { app, config, devToken };
  } catch (error) {
    await adapters.close();
    throw error;
  }
};

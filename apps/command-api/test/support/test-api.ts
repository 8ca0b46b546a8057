import jwt from 'jsonwebtoken';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Role } from '@sensei/infra';
import { createAdapters, type CommandApiAdapters } from '../../src/adapters/create-adapters';
import { type CommandApi, createCommandApi } from '../../src/bootstrap';
import type { CommandApiConfig } from '../../src/config/command-api.config';

export const JWT_SECRET = 'e2e-secret-that-is-long-enough-0123456789';

/** The real app on an in-memory PGlite, with a known HS256 secret. */
export const testConfig = (overrides: Partial<CommandApiConfig> = {}): CommandApiConfig => ({
  eventStore: 'pglite',
  dataDir: 'memory://',
  port: 0,
  host: '127.0.0.1',
  auth: { jwtSecret: JWT_SECRET, devMode: false },
  logLevel: 'error',
  ...overrides,
});

export interface TestApi extends CommandApi {
  adapters: CommandApiAdapters;
}

export const startTestApi = async (overrides: Partial<CommandApiConfig> = {}): Promise<TestApi> => {
  const config = testConfig(overrides);
  const adapters = await createAdapters(config);
  return { ...(await createCommandApi(config, adapters)), adapters };
};

export const tokenFor = (role: Role, sub = `${role}-user`): string =>
  jwt.sign({ sub, role }, JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' });

export const bearer = (role: Role, sub?: string) => ({
  authorization: `Bearer ${tokenFor(role, sub)}`,
});

export const migrationBody = (overrides: Record<string, unknown> = {}) => ({
  source: { kind: 'postgres', uri: 'postgres://app@source.internal:5432/crm' },
  target: { kind: 'postgres', uri: 'postgres://app@target.internal:5432/crm' },
  config: { sampleSize: 5000 },
  ...overrides,
});

type Method = 'GET' | 'POST' | 'DELETE';
/** Tests inspect arbitrary JSON responses field by field (JSON.parse's own `any`). */
export type Json = ReturnType<typeof JSON.parse>;

export interface RecordedEventBody {
  type: string;
  revision: number;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** `app.inject` with a JSON body and parsed JSON response. */
export interface CallResult {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: Json;
}

export const call = async (
  app: NestFastifyApplication,
  method: Method,
  url: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<CallResult> => {
  const response = await app.inject({
    method,
    url,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
  });
  const isJson = String(response.headers['content-type'] ?? '').includes('json');
  const body = isJson && response.body ? (JSON.parse(response.body) as unknown) : response.body;
  return { status: response.statusCode, headers: response.headers, body };
};

export const eventsOf = async (app: NestFastifyApplication, migrationId: string) => {
  const response = await call(app, 'GET', `/migrations/${migrationId}/events`, {
    headers: bearer('viewer'),
  });
  return (response.body as { events?: RecordedEventBody[] }).events ?? [];
};

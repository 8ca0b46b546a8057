import { createPublicKey } from 'node:crypto';
import { dirname, join } from 'node:path';
import { checkPipelineSettings } from '@sensei/infra';

export const eventStoreKinds = ['pglite', 'postgres', 'eventstoredb'] as const;
export type EventStoreKind = (typeof eventStoreKinds)[number];

const logLevels = ['error', 'warn', 'info', 'debug', 'verbose'] as const;
export type LogLevel = (typeof logLevels)[number];

export interface AuthConfig {
  /** HS256 secret; generated at start (dev mode) when neither it nor a public key is set. */
  jwtSecret?: string;
  /** RS256 public key (PEM). */
  jwtPublicKey?: string;
  devMode: boolean;
}

export interface CommandApiConfig {
  eventStore: EventStoreKind;
  /** PGlite directory (`memory://` keeps everything in memory). */
  dataDir: string;
  databaseUrl?: string;
  eventStoreConnectionString?: string;
  port: number;
  host: string;
  auth: AuthConfig;
  logLevel: LogLevel;
  /**
   * `inline`: this process also runs the migration agents (the default: a migration created
   * over HTTP runs at once); `off`: agents run elsewhere (apps/agents). Absent: off.
   */
  agents?: 'inline' | 'off';
  /** Content-addressed artifact directory of the inline agents. */
  artifactDir?: string;
  /**
   * The Ed25519 key that signs certificates (generated when absent); SENSEI_SIGNING_KEY or
   * SENSEI_SIGNING_KEY_FILE take precedence. Absent: a key in memory, for this process only.
   */
  signingKeyFile?: string;
  /** SSE and webhooks (see SubscriptionsConfig). Absent: webhooks off, 15 s SSE heartbeats. */
  subscriptions?: SubscriptionsConfig;
}

/** Integration subscriptions: `GET /events/stream` and the webhook dispatcher. */
export interface SubscriptionsConfig {
  /** SENSEI_WEBHOOKS: `inline` delivers webhooks from this process (the default); `off` not. */
  webhooks: 'inline' | 'off';
  /** SENSEI_SSE_HEARTBEAT_MS: comment line on an idle event stream (default 15000). */
  heartbeatMs: number;
  /** SENSEI_WEBHOOK_MAX_ATTEMPTS: attempts per event before it is a dead letter (default 8). */
  webhookMaxAttempts: number;
  /** SENSEI_WEBHOOK_BACKOFF_MS: delay after the first failure, doubling (default 1000). */
  webhookBackoffMs: number;
  /** SENSEI_WEBHOOK_BACKOFF_CAP_MS: longest delay between attempts (default 300000). */
  webhookBackoffCapMs: number;
  /** SENSEI_WEBHOOK_TIMEOUT_MS: per request (default 10000). */
  webhookTimeoutMs: number;
}

/** A bad setting: reported as one line, then the process exits with status 1. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const MIN_SECRET_LENGTH = 32;

const oneOf = <T extends string>(name: string, value: string, allowed: readonly T[]): T => {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`${name}=${value} is not supported; use one of: ${allowed.join(', ')}`);
};

const portFrom = (value: string): number => {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new ConfigError(`PORT=${value} is not a port number (0-65535)`);
  }
  return port;
};

const publicKeyFrom = (value: string): string => {
  // Env files often carry a PEM on one line with literal "\n".
  const pem = value.replace(/\\n/g, '\n');
  try {
    createPublicKey(pem);
  } catch {
    throw new ConfigError('SENSEI_JWT_PUBLIC_KEY is not a PEM public key');
  }
  return pem;
};

const authFrom = (env: NodeJS.ProcessEnv): AuthConfig => {
  const jwtSecret = env.SENSEI_JWT_SECRET || undefined;
  const jwtPublicKey = env.SENSEI_JWT_PUBLIC_KEY
    ? publicKeyFrom(env.SENSEI_JWT_PUBLIC_KEY)
    : undefined;
  if (jwtSecret !== undefined && jwtSecret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`SENSEI_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  return {
    jwtSecret,
    jwtPublicKey,
    devMode: jwtSecret === undefined && jwtPublicKey === undefined,
  };
};

const required = (env: NodeJS.ProcessEnv, name: string, because: string): string => {
  const value = env[name];
  if (!value) throw new ConfigError(`${name} is required when ${because}`);
  return value;
};

/**
 * Beside the PGlite directory, as the CLI keeps it in `<data dir>/keys`: with the defaults both
 * sign with `.sensei/keys/kora-ed25519.key`. An in-memory database gets an in-memory key.
 */
const signingKeyFileBeside = (dataDir: string): string | undefined =>
  dataDir.startsWith('memory://') ? undefined : join(dirname(dataDir), 'keys', 'kora-ed25519.key');

const positiveInteger = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const value = env[name];
  if (!value) return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) {
    throw new ConfigError(`${name}=${value} is not a positive integer`);
  }
  return Number(value);
};

const subscriptionsFrom = (env: NodeJS.ProcessEnv): SubscriptionsConfig => ({
  webhooks: oneOf('SENSEI_WEBHOOKS', env.SENSEI_WEBHOOKS || 'inline', ['inline', 'off'] as const),
  heartbeatMs: positiveInteger(env, 'SENSEI_SSE_HEARTBEAT_MS', 15_000),
  webhookMaxAttempts: positiveInteger(env, 'SENSEI_WEBHOOK_MAX_ATTEMPTS', 8),
  webhookBackoffMs: positiveInteger(env, 'SENSEI_WEBHOOK_BACKOFF_MS', 1000),
  webhookBackoffCapMs: positiveInteger(env, 'SENSEI_WEBHOOK_BACKOFF_CAP_MS', 300_000),
  webhookTimeoutMs: positiveInteger(env, 'SENSEI_WEBHOOK_TIMEOUT_MS', 10_000),
});

/** The inline agents run the pipeline: its settings are checked with the API's own. */
const pipelineSettingsChecked = (env: NodeJS.ProcessEnv) => {
  try {
    checkPipelineSettings(env);
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error));
  }
};

/** Reads the command API's settings from the environment; throws `ConfigError` on a bad one. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): CommandApiConfig => {
  pipelineSettingsChecked(env);
  const eventStore = oneOf(
    'SENSEI_EVENT_STORE',
    env.SENSEI_EVENT_STORE || 'pglite',
    eventStoreKinds,
  );
  const dataDir = env.SENSEI_DATA_DIR || './.sensei/data';
  return {
    eventStore,
    dataDir,
    databaseUrl:
      eventStore === 'postgres'
        ? required(env, 'DATABASE_URL', 'SENSEI_EVENT_STORE=postgres')
        : env.DATABASE_URL || undefined,
    eventStoreConnectionString:
      eventStore === 'eventstoredb'
        ? required(env, 'EVENTSTORE_CONNECTION_STRING', 'SENSEI_EVENT_STORE=eventstoredb')
        : undefined,
    port: portFrom(env.PORT || '3000'),
    host: env.HOST || '127.0.0.1',
    auth: authFrom(env),
    logLevel: oneOf('SENSEI_LOG_LEVEL', env.SENSEI_LOG_LEVEL || 'info', logLevels),
    agents: oneOf('SENSEI_AGENTS', env.SENSEI_AGENTS || 'inline', ['inline', 'off'] as const),
    artifactDir: env.SENSEI_ARTIFACT_DIR || './.sensei/artifacts',
    signingKeyFile: signingKeyFileBeside(dataDir),
    subscriptions: subscriptionsFrom(env),
  };
};

import { createPublicKey } from 'node:crypto';
import type { JwtKeys } from '@sensei/infra';

export interface GraphqlLimits {
  /** Deepest nesting of fields an operation may ask for. */
  maxDepth: number;
  /** Estimated cost budget of one operation (see complexity-limit.rule.ts). */
  maxComplexity: number;
  /** Assumed length of an unpaginated list, for the cost estimate. */
  listSize: number;
  /**
   * How long identical reads share one result (0: never). Cleared on every batch this process's
   * read side commits; bounds staleness after commits by another process.
   */
  cacheMs: number;
}

export interface ProjectionsConfig {
  port: number;
  host: string;
  auth: JwtKeys & { devMode: boolean };
  graphql: GraphqlLimits & {
    /** Schema introspection (GraphiQL, codegen); SENSEI_GRAPHQL_INTROSPECTION=false turns it off. */
    introspection: boolean;
    /** The GraphiQL IDE at /graphiql (SENSEI_GRAPHIQL=true). */
    graphiql: boolean;
  };
}

/** A bad setting: reported as one line, then the process exits with status 1. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const MIN_SECRET_LENGTH = 32;

export const defaultGraphqlLimits: GraphqlLimits = {
  maxDepth: 8,
  maxComplexity: 10_000,
  listSize: 10,
  cacheMs: 1_000,
};

const positiveInteger = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new ConfigError(`${name}=${value} is not a positive whole number`);
  }
  return Number(value);
};

const nonNegativeInteger = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) throw new ConfigError(`${name}=${value} is not a whole number`);
  return Number(value);
};

const flag = (env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean => {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(`${name}=${value} is not true or false`);
};

const portFrom = (value: string): number => {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new ConfigError(`PORT=${value} is not a port number (0-65535)`);
  }
  return port;
};

/** The command API's settings, so one secret or key pair serves both. */
const authFrom = (env: NodeJS.ProcessEnv): ProjectionsConfig['auth'] => {
  const jwtSecret = env.SENSEI_JWT_SECRET || undefined;
  if (jwtSecret !== undefined && jwtSecret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`SENSEI_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  let jwtPublicKey: string | undefined;
  if (env.SENSEI_JWT_PUBLIC_KEY) {
    jwtPublicKey = env.SENSEI_JWT_PUBLIC_KEY.replace(/\\n/g, '\n');
    try {
      createPublicKey(jwtPublicKey);
    } catch {
      throw new ConfigError('SENSEI_JWT_PUBLIC_KEY is not a PEM public key');
    }
  }
  return {
    jwtSecret,
    jwtPublicKey,
    devMode: jwtSecret === undefined && jwtPublicKey === undefined,
  };
};

/** The GraphQL server's settings; the read database and the feed are the read side's. */
export const loadProjectionsConfig = (env: NodeJS.ProcessEnv = process.env): ProjectionsConfig => ({
  port: portFrom(env.PORT || '3001'),
  host: env.HOST || '127.0.0.1',
  auth: authFrom(env),
  graphql: {
    maxDepth: positiveInteger(env, 'SENSEI_GRAPHQL_MAX_DEPTH', defaultGraphqlLimits.maxDepth),
    maxComplexity: positiveInteger(
      env,
      'SENSEI_GRAPHQL_MAX_COMPLEXITY',
      defaultGraphqlLimits.maxComplexity,
    ),
    listSize: defaultGraphqlLimits.listSize,
    cacheMs: nonNegativeInteger(env, 'SENSEI_GRAPHQL_CACHE_MS', defaultGraphqlLimits.cacheMs),
    introspection: flag(env, 'SENSEI_GRAPHQL_INTROSPECTION', true),
    graphiql: flag(env, 'SENSEI_GRAPHIQL', false),
  },
});

import { SenseiError } from '@sensei/domain';
import type { PostgresTarget } from './postgres-target';

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const lostConnection =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|after calling end on the pool/i;

interface ErrorShape {
  code?: unknown;
  message?: unknown;
  errors?: unknown;
}

/** Node wraps dual-stack connection failures in an AggregateError whose first cause has the code. */
const errorCode = (error: ErrorShape): string | undefined => {
  if (typeof error.code === 'string') return error.code;
  const first = Array.isArray(error.errors)
    ? (error.errors[0] as ErrorShape | undefined)
    : undefined;
  return typeof first?.code === 'string' ? first.code : undefined;
};

/**
 * Turns a connection-level failure into EVENT_STORE.UNAVAILABLE with its cause and its fix;
 * returns undefined for anything else (SQL errors stay as they are).
 */
export const postgresUnavailable = (
  error: unknown,
  target: PostgresTarget,
): SenseiError | undefined => {
  if (error instanceof SenseiError || typeof error !== 'object' || error === null) return undefined;
  const shape = error as ErrorShape;
  const code = errorCode(shape);
  const message = typeof shape.message === 'string' ? shape.message : JSON.stringify(error);
  const at = `PostgreSQL at ${target.host}:${target.port}`;
  const details = { cause: message, code, target: target.description };
  const unavailable = (text: string) => new SenseiError('EVENT_STORE.UNAVAILABLE', text, details);

  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return unavailable(`cannot resolve ${target.host} (${code}): fix the host in DATABASE_URL`);
  }
  if (code !== undefined && networkCodes.has(code)) {
    return unavailable(`cannot reach ${at} (${code}): start it or set DATABASE_URL`);
  }
  if (code === '28P01' || code === '28000') {
    return unavailable(
      `${at} rejected user "${target.user}" (${code}): fix the user or password in DATABASE_URL`,
    );
  }
  if (code === '3D000') {
    return unavailable(
      `database "${target.database}" does not exist on ${at} (3D000): create it or set DATABASE_URL`,
    );
  }
  if (code === '53300') {
    return unavailable(
      `${at} has no free connections (53300): raise max_connections or use fewer pools`,
    );
  }
  if ((code !== undefined && /^(08|57P0)/.test(code)) || lostConnection.test(message)) {
    return unavailable(
      `lost the connection to ${at} (${code ?? message}): check that it is up, then retry (appends are idempotent by event id)`,
    );
  }
  return undefined;
};

export const rethrowPostgresError = (error: unknown, target: PostgresTarget): never => {
  throw postgresUnavailable(error, target) ?? error;
};

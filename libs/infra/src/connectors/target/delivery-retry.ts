import { isSenseiError } from '@sensei/domain';

export interface RetryPolicy {
  /** Tries in all, the first included (default 6). */
  attempts: number;
  /** First backoff ceiling; doubles on each retry (default 100 ms). */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 6, baseDelayMs: 100, maxDelayMs: 5000 };

/**
 * SQLSTATEs worth another try: serialization failure, deadlock, too many connections, admin or
 * crash shutdown, cannot connect now, lock not available; class 08 is a lost connection.
 */
const transientSqlStates = new Set(['40001', '40P01', '53300', '57P01', '57P02', '57P03', '55P03']);
const transientNodeCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
const lostConnection =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|socket hang up/i;

export const sqlStateOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

export const isTransientTargetError = (error: unknown): boolean => {
  if (isSenseiError(error)) return error.code === 'EVENT_STORE.UNAVAILABLE';
  const code = sqlStateOf(error);
  if (
    code !== undefined &&
    (transientSqlStates.has(code) || transientNodeCodes.has(code) || code.startsWith('08'))
  ) {
    return true;
  }
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && lostConnection.test(message);
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work`, retrying transient failures with exponential backoff and full jitter (a random
 * wait below the doubling ceiling, so many workers hit by the same outage do not retry in step).
 * The last error is rethrown; `onRetry` hears of each retry.
 */
export const retryTransient = async <T>(
  work: () => Promise<T>,
  policy: RetryPolicy = defaultRetryPolicy,
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void,
): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= policy.attempts || !isTransientTargetError(error)) throw error;
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.round(Math.random() * ceiling);
      onRetry?.(error, attempt, delayMs);
      await sleep(delayMs);
    }
  }
};

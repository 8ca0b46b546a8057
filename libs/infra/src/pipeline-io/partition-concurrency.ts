import { availableParallelism } from 'node:os';
import { SenseiError } from '@sensei/domain';

export const positiveInteger = (value: number, setting: string, shown: unknown): number => {
  if (Number.isInteger(value) && value >= 1) return value;
  throw new SenseiError(
    'VALIDATION.FAILED',
    `${setting} must be a positive integer, not ${JSON.stringify(shown)}`,
    { field: setting },
  );
};

/**
 * Partitions a step works on at once: the environment variable `setting` when set, else two
 * (one on a one-core machine). Each partition runs on its own one-thread DuckDB session, so the
 * setting changes speed and memory, never the bytes a partition is written as.
 */
export const partitionConcurrency = (
  setting: string,
  env: NodeJS.ProcessEnv = process.env,
): number => {
  const value = env[setting];
  if (value === undefined || value === '') return Math.min(2, availableParallelism());
  return positiveInteger(Number(value), setting, value);
};

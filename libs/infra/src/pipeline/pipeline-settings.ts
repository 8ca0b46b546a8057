import { ingestionConcurrency } from '../pipeline-io/partition-writer';
import { transformationConcurrency } from '../pipeline-io/transform-executor';
import { verificationMemory } from './verification/verification-session';

/**
 * Reads the pipeline's tuning variables (SENSEI_INGEST_CONCURRENCY, SENSEI_TRANSFORM_CONCURRENCY,
 * SENSEI_VERIFY_MEMORY) once, so that a bad one stops a process at its start, naming the
 * variable, rather than a migration half-way. Throws `VALIDATION.FAILED`.
 */
export const checkPipelineSettings = (env: NodeJS.ProcessEnv = process.env): void => {
  ingestionConcurrency(env);
  transformationConcurrency(env);
  verificationMemory(env);
};

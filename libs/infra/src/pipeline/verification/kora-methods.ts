import {
  runExpectations,
  runQueryReplay,
  runRowDiff,
  runStatistics,
  type MethodResult,
  type VerificationInput,
  type VerificationMethod,
  type VerificationMethodRunner,
} from '@sensei/kora';
import type { PipelineProgress } from '../pipeline-context';
import { verificationMemory } from './verification-session';

const described: Array<[VerificationMethod, (input: VerificationInput) => Promise<MethodResult>]> =
  [
    ['query-replay', runQueryReplay],
    ['row-diff', runRowDiff],
    ['expectation', runExpectations],
    ['statistics', runStatistics],
  ];

/**
 * A check DuckDB could not run for want of memory says which setting bounds it: KORA's session
 * is limited on purpose (verification-session.ts), and the fix is the user's to make.
 */
const withMemoryHint = (result: MethodResult, env: NodeJS.ProcessEnv): MethodResult => ({
  ...result,
  checks: result.checks.map((check) =>
    check.outcome === 'inconclusive' && check.message.includes('Out of Memory Error')
      ? {
          ...check,
          message:
            `${check.message} (verification's DuckDB memory is SENSEI_VERIFY_MEMORY=` +
            `${verificationMemory(env)}: raise it, then \`sensei resume\`)`,
        }
      : check,
  ),
});

/** KORA's four methods in order, each reporting one progress line when it is done. */
export const koraMethods = (
  progress: PipelineProgress,
  env: NodeJS.ProcessEnv = process.env,
): VerificationMethodRunner[] =>
  described.map(([method, run]) => ({
    method,
    run: async (input) => {
      const result = withMemoryHint(await run(input), env);
      const failed = result.checks.filter((check) => check.outcome !== 'passed').length;
      progress.phaseDone(
        'verification',
        `${method}: ${result.checks.length - failed}/${result.checks.length} checks passed ` +
          `(${result.queryCount} queries in ${result.statementCount} statements, ${result.elapsedMs} ms)`,
      );
      return result;
    },
  }));

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

const described: Array<[VerificationMethod, (input: VerificationInput) => Promise<MethodResult>]> =
  [
    ['query-replay', runQueryReplay],
    ['row-diff', runRowDiff],
    ['expectation', runExpectations],
    ['statistics', runStatistics],
  ];

/** KORA's four methods in order, each reporting one progress line when it is done. */
export const koraMethods = (progress: PipelineProgress): VerificationMethodRunner[] =>
  described.map(([method, run]) => ({
    method,
    run: async (input) => {
      const result = await run(input);
      const failed = result.checks.filter((check) => check.outcome !== 'passed').length;
      progress.phaseDone(
        'verification',
        `${method}: ${result.checks.length - failed}/${result.checks.length} checks passed ` +
          `(${result.queryCount} queries in ${result.statementCount} statements, ${result.elapsedMs} ms)`,
      );
      return result;
    },
  }));

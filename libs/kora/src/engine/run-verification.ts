import type { CertificateStatus } from '@sensei/domain';
import type {
  CheckResult,
  MethodResult,
  VerificationInput,
  VerificationMethod,
} from './verification-input';

/** One verification method: replay, row diff, expectations or statistics. */
export interface VerificationMethodRunner {
  method: VerificationMethod;
  run(input: VerificationInput): Promise<MethodResult>;
}

export interface VerificationOutcome {
  status: CertificateStatus;
  /** One line per failed or inconclusive check, failures first. */
  reasons: string[];
  checks: CheckResult[];
  results: MethodResult[];
}

/**
 * A method that throws proves nothing: its failure becomes one inconclusive check with the
 * cause, so the verdict cannot be PASSED and the other methods still leave their evidence.
 */
const runGuarded = async (
  runner: VerificationMethodRunner,
  input: VerificationInput,
): Promise<MethodResult> => {
  const started = Date.now();
  try {
    return await runner.run(input);
  } catch (error) {
    const message = `${runner.method} could not run: ${error instanceof Error ? error.message : String(error)}`;
    return {
      method: runner.method,
      checks: [
        {
          id: `${runner.method}:error`,
          method: runner.method,
          table: '*',
          outcome: 'inconclusive',
          message,
        },
      ],
      evidence: { error: message },
      queryCount: 0,
      statementCount: 0,
      elapsedMs: Date.now() - started,
    };
  }
};

/** FAILED when any check failed; INCONCLUSIVE when any could not decide, or nothing was checked. */
export const verdictOf = (checks: readonly CheckResult[]): CertificateStatus => {
  if (checks.some((check) => check.outcome === 'failed')) return 'FAILED';
  if (checks.length === 0 || checks.some((check) => check.outcome === 'inconclusive'))
    return 'INCONCLUSIVE';
  return 'PASSED';
};

/** Runs every method in turn on one checkpoint's relations and decides the verdict. */
export const runVerification = async (
  input: VerificationInput,
  runners: readonly VerificationMethodRunner[],
): Promise<VerificationOutcome> => {
  const results: MethodResult[] = [];
  for (const runner of runners) results.push(await runGuarded(runner, input));
  const checks = results.flatMap((result) => result.checks);
  const status = verdictOf(checks);
  const failed = checks.filter((check) => check.outcome === 'failed');
  const undecided = checks.filter((check) => check.outcome === 'inconclusive');
  const reasons = [...failed, ...undecided].map((check) => check.message);
  if (checks.length === 0) reasons.push('no check ran: nothing was verified');
  return { status, reasons, checks, results };
};

import { SenseiError } from '@sensei/domain';
import { expectationProblems } from './expectation-catalog';

/**
 * Checks the expectations of a migration config (keyed by target table) before anything runs,
 * so a bad one is a 400 at the command API rather than a halted migration hours later. Throws
 * VALIDATION.FAILED naming every bad expectation by table, position and type.
 */
export const validateExpectations = (expectations: unknown): void => {
  if (expectations === undefined) return;
  if (typeof expectations !== 'object' || expectations === null || Array.isArray(expectations))
    throw new SenseiError(
      'VALIDATION.FAILED',
      'verification.expectations must be an object keyed by target table',
    );
  const problems: { table: string; index: number; problem: string }[] = [];
  for (const [table, list] of Object.entries(expectations as Record<string, unknown>)) {
    if (!Array.isArray(list)) {
      problems.push({ table, index: -1, problem: 'must be a list of expectations' });
      continue;
    }
    list.forEach((expectation: unknown, index) => {
      for (const problem of expectationProblems(expectation))
        problems.push({ table, index, problem });
    });
  }
  if (problems.length > 0)
    throw new SenseiError(
      'VALIDATION.FAILED',
      `invalid expectations: ${problems
        .map(({ table, index, problem }) => `${table}${index >= 0 ? `[${index}]` : ''}: ${problem}`)
        .join('; ')}`,
      { problems },
    );
};

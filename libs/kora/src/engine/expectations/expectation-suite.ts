import canonicalize from 'canonicalize';
import type { ExpectationConfig } from '@sensei/domain';
import type { CheckResult, TablePair, VerificationInput } from '../verification-input';
import { sameTable } from './derive-expectations';
import type { ValidationResult } from './expectation-results';

/** The same expectation derived and configured is evaluated once. */
const distinct = (configs: ExpectationConfig[]) => {
  const seen = new Set<string>();
  return configs.filter((c) => {
    const id = canonicalize({ type: c.expectation_type, kwargs: c.kwargs }) ?? '';
    return !seen.has(id) && Boolean(seen.add(id));
  });
};

/** An expectation that could not be evaluated: failed (a missing column) or inconclusive. */
export const undecided = (
  id: string,
  table: string,
  config: ExpectationConfig,
  outcome: 'failed' | 'inconclusive',
  reason: string,
): CheckResult => ({
  id,
  method: 'expectation',
  table,
  outcome,
  message: `${table}: ${config.expectation_type}: ${reason}`,
  details: { success: outcome === 'failed' ? false : null, expectation_config: config, result: {} },
});

/** A table's suite: what its constraints imply, then what the config adds, each once. */
export const suiteOf = (
  input: VerificationInput,
  pair: TablePair,
  derived: Record<string, ExpectationConfig[]>,
) =>
  distinct([
    ...(derived[pair.targetTable] ?? []),
    ...Object.entries(input.expectations)
      .filter(([table]) => sameTable(table, pair.targetTable))
      .flatMap(([, configs]) => configs),
  ]);

/** Great Expectations' suite validation result for one table. */
export const suiteResult = (table: string, results: ValidationResult[]) => {
  const successful = results.filter((r) => r.success === true).length;
  return {
    expectation_suite_name: `sensei.${table}`,
    success: successful === results.length,
    results,
    statistics: {
      evaluated_expectations: results.length,
      successful_expectations: successful,
      unsuccessful_expectations: results.length - successful,
      success_percent: results.length ? (100 * successful) / results.length : 100,
    },
  };
};

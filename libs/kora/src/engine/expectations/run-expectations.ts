import type { ExpectationConfig } from '@sensei/domain';
import type {
  CheckResult,
  MethodResult,
  TablePair,
  VerificationInput,
} from '../verification-input';
import { StatementRunner } from '../row-diff/sql-text';
import { deriveExpectationsWith, sameTable } from './derive-expectations';
import { evaluateExpectations } from './evaluate-expectations';
import { expectationCheck, validationResult, type ValidationResult } from './expectation-results';
import { compileExpectation, namedColumns, type CompiledExpectation } from './expectation-sql';
import { suiteOf, suiteResult, undecided } from './expectation-suite';
import { validateExpectations } from './validate-expectations';

/** Check ids stay unique when one expectation appears twice with different kwargs. */
const checkIds = () => {
  const used = new Set<string>();
  return (table: string, config: ExpectationConfig) => {
    const base = `expectation:${table}.${namedColumns(config).join('+') || '*'}:${config.expectation_type}`;
    let id = base;
    for (let n = 2; used.has(id); n += 1) id = `${base}#${n}`;
    used.add(id);
    return id;
  };
};

const evaluateTable = async (
  runner: StatementRunner,
  input: VerificationInput,
  pair: TablePair,
  configs: ExpectationConfig[],
  idOf: (table: string, config: ExpectationConfig) => string,
) => {
  const table = pair.targetTable;
  const types = await runner.columnTypes(pair.targetRelation);
  const context = {
    relation: pair.targetRelation,
    types,
    relationOf: (name: string) =>
      input.tables.find((p) => sameTable(name, p.targetTable))?.targetRelation,
  };
  const checks: CheckResult[] = [];
  const compiled: { id: string; expectation: CompiledExpectation }[] = [];
  for (const config of configs) {
    const id = idOf(table, config);
    const absent = namedColumns(config).filter((c) => !types.has(c));
    if (absent.length > 0) {
      const reason = `column ${absent.join(', ')} does not exist in the target output`;
      checks.push(undecided(id, table, config, 'failed', reason));
      continue;
    }
    const expectation = compileExpectation(config, context);
    if ('unresolved' in expectation)
      checks.push(undecided(id, table, config, 'inconclusive', expectation.unresolved));
    else compiled.push({ id, expectation });
  }
  const results = checks.map((check) => check.details as unknown as ValidationResult);
  const key = pair.key.filter((k) => types.has(k));
  const counts = await evaluateExpectations(
    runner,
    pair.targetRelation,
    key,
    compiled.map((c) => c.expectation),
    input.diffKeyLimit,
  );
  counts.forEach((count, i) => {
    checks.push(expectationCheck(compiled[i]!.id, table, count, key));
    results.push(validationResult(count, key));
  });
  return { checks, suite: suiteResult(table, results) };
};

/**
 * Evaluates, on the output under verification, the expectations the target's constraints imply
 * and those the migration config adds; results in Great Expectations' validation-result shape.
 */
export const runExpectations = async (input: VerificationInput): Promise<MethodResult> => {
  const started = Date.now();
  validateExpectations(input.expectations);
  const runner = new StatementRunner(input.connection);
  const derived = await deriveExpectationsWith(runner, input);
  const idOf = checkIds();
  const checks: CheckResult[] = [];
  const suites: unknown[] = [];
  for (const pair of input.tables) {
    const result = await evaluateTable(runner, input, pair, suiteOf(input, pair, derived), idOf);
    checks.push(...result.checks);
    suites.push(result.suite);
  }
  // Expectations on a table this run does not verify prove nothing: undecided, never passed.
  for (const [table, configs] of Object.entries(input.expectations)) {
    if (input.tables.some((p) => sameTable(table, p.targetTable))) continue;
    const reason = `table ${table} is not among the verified tables`;
    for (const config of configs)
      checks.push(undecided(idOf(table, config), table, config, 'inconclusive', reason));
  }
  return {
    method: 'expectation',
    checks,
    evidence: { suites },
    queryCount: checks.length,
    statementCount: runner.statements,
    elapsedMs: Date.now() - started,
  };
};

import { SenseiError } from '../shared/sensei-error';
import type { VerificationConfig, VerificationTolerances } from './migration-config';

const fail = (field: string, problem: string): never => {
  throw new SenseiError('VALIDATION.FAILED', `config.${field} ${problem}`, {
    field: `config.${field}`,
  });
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const numberIn = (field: string, value: unknown, min: number, max: number, integer = false) => {
  if (value === undefined) return;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= min &&
    value <= max &&
    (!integer || Number.isInteger(value));
  if (!ok) fail(field, `must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`);
};

export const assertValidTolerances = (tolerances: VerificationTolerances | undefined): void => {
  if (tolerances === undefined) return;
  if (!isRecord(tolerances)) fail('tolerances', 'must be an object');
  numberIn('tolerances.numericEpsilon', tolerances.numericEpsilon, 0, 1e9);
  numberIn('tolerances.timestampToleranceMs', tolerances.timestampToleranceMs, 0, 86_400_000);
  const mode = tolerances.stringMode;
  if (mode !== undefined && mode !== 'exact' && mode !== 'normalized')
    fail('tolerances.stringMode', "must be 'exact' or 'normalized'");
};

/**
 * The shape of KORA's settings. Whether each query parses and each expectation is one KORA
 * knows is checked by KORA itself before a migration is recorded (it needs DuckDB's parser).
 */
export const assertValidVerificationConfig = (config: VerificationConfig | undefined): void => {
  if (config === undefined) return;
  if (!isRecord(config)) fail('verification', 'must be an object');
  numberIn('verification.maxQueries', config.maxQueries, 1, 100_000, true);
  numberIn('verification.diffKeyLimit', config.diffKeyLimit, 1, 10_000, true);
  numberIn('verification.maxKsStatistic', config.maxKsStatistic, 0, 1);
  numberIn('verification.maxNullRatioDelta', config.maxNullRatioDelta, 0, 1);
  const queries: unknown = config.queries;
  if (queries !== undefined) {
    if (!Array.isArray(queries)) fail('verification.queries', 'must be a list of {name, sql}');
    (queries as unknown[]).forEach((query, i) => {
      if (!isRecord(query) || typeof query.name !== 'string' || query.name.trim() === '')
        fail(`verification.queries[${i}].name`, 'must be a non-empty string');
      if (typeof (query as Record<string, unknown>).sql !== 'string')
        fail(`verification.queries[${i}].sql`, 'must be a SQL string');
    });
  }
  const expectations: unknown = config.expectations;
  if (expectations !== undefined) {
    if (!isRecord(expectations))
      fail('verification.expectations', 'must map target tables to lists of expectations');
    for (const [table, list] of Object.entries(expectations as Record<string, unknown>)) {
      if (!Array.isArray(list)) fail(`verification.expectations.${table}`, 'must be a list');
      (list as unknown[]).forEach((item, i) => {
        const at = `verification.expectations.${table}[${i}]`;
        if (!isRecord(item) || typeof item.expectation_type !== 'string')
          fail(at, 'must have an expectation_type');
        if (!isRecord((item as Record<string, unknown>).kwargs))
          fail(`${at}.kwargs`, 'must be an object');
      });
    }
  }
};

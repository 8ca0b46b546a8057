import type { DuckDBConnection } from '@duckdb/node-api';
import type { ExpectationConfig, TableSchema, VerificationQuery } from '@sensei/domain';

/** How values are compared; a difference inside a tolerance is no difference. */
export interface Tolerances {
  /** Absolute numeric tolerance (default 0.0001). */
  numericEpsilon: number;
  /** Timestamp tolerance in milliseconds (default 1,000). */
  timestampToleranceMs: number;
  /** `normalized`: trim, case fold and Unicode NFC before comparing strings. */
  stringMode: 'exact' | 'normalized';
}

export const defaultTolerances: Tolerances = {
  numericEpsilon: 0.0001,
  timestampToleranceMs: 1000,
  stringMode: 'exact',
};

/** How a column's values compare, from its DuckDB type. */
export type ValueKind = 'numeric' | 'timestamp' | 'date' | 'string' | 'boolean' | 'other';

/** One target column and where its expected value comes from in the source. */
export interface ColumnPair {
  /** Target column name (in `targetRelation` and `expectedRelation`). */
  target: string;
  /** Source column it is mapped from (in `sourceRelation`); absent for constants and defaults. */
  source?: string;
  /** DuckDB SQL over the source relation's columns giving the expected target value. */
  expression: string;
  /** DuckDB type of the target column. */
  duckdbType: string;
  kind: ValueKind;
}

/**
 * One target table and its source, as DuckDB relations (views or tables) registered on the
 * connection before KORA runs. Relation names are already quoted SQL identifiers.
 */
export interface TablePair {
  /** Source table as the mappings name it, e.g. `Invoice`. */
  sourceTable: string;
  /** Target table as the target schema names it, e.g. `invoice`. */
  targetTable: string;
  /** The source snapshot rows, source column names. */
  sourceRelation: string;
  /** The source after mapping: the compiled transformation over the source, target columns. */
  expectedRelation: string;
  /** The rows under verification (the transformation output), target columns. */
  targetRelation: string;
  /** Target primary key columns; empty when the table has none (rows compare as a multiset). */
  key: string[];
  /** Every target column KORA can compare, in target order. */
  columns: ColumnPair[];
  /**
   * Rows on the larger side when the caller knows them from partition metadata. KORA picks
   * cheaper exact plans for small relations with it; absent, it plans for any size.
   */
  rowHint?: number;
}

/** Everything one verification run needs. */
export interface VerificationInput {
  connection: DuckDBConnection;
  /**
   * More connections to the same DuckDB database: independent read statements run on them at
   * once. Optional; KORA never changes the catalog through them.
   */
  readers?: DuckDBConnection[];
  tables: TablePair[];
  /** The target schema the output was shaped for: constraints give derived expectations. */
  targetSchema: TableSchema[];
  tolerances: Tolerances;
  /** Generated plus user queries replayed, at most (default 1,000). */
  maxQueries: number;
  userQueries: VerificationQuery[];
  /** Extra expectations keyed by target table. */
  expectations: Record<string, ExpectationConfig[]>;
  /** Differing keys named per table (default 20). */
  diffKeyLimit: number;
  maxKsStatistic: number;
  maxNullRatioDelta: number;
}

export type CheckOutcome = 'passed' | 'failed' | 'inconclusive';
export type VerificationMethod = 'query-replay' | 'row-diff' | 'expectation' | 'statistics';

/** One check and its outcome, as it appears in the certificate. */
export interface CheckResult {
  /** Stable and unique within a run, e.g. `replay:invoice.total:sum`. */
  id: string;
  method: VerificationMethod;
  /** Target table. */
  table: string;
  /** Target column, when the check is about one. */
  column?: string;
  outcome: CheckOutcome;
  /** One line for a human; a failure names table, column and key(s). */
  message: string;
  /** JSON-able facts behind the outcome (values on each side, differing keys). */
  details?: Record<string, unknown>;
}

/** What each method returns: its checks and a JSON-able evidence document for the bundle. */
export interface MethodResult {
  method: VerificationMethod;
  checks: CheckResult[];
  evidence: Record<string, unknown>;
  /** Logical queries (checks) evaluated and the SQL statements that evaluated them. */
  queryCount: number;
  statementCount: number;
  elapsedMs: number;
}

/** What a migration config may leave out, filled the same way wherever KORA runs. */
export type VerificationSettings = Omit<
  VerificationInput,
  'connection' | 'readers' | 'tables' | 'targetSchema'
>;

export const defaultVerificationSettings: VerificationSettings = {
  tolerances: defaultTolerances,
  maxQueries: 1000,
  userQueries: [],
  expectations: {},
  diffKeyLimit: 20,
  maxKsStatistic: 0.01,
  maxNullRatioDelta: 0,
};

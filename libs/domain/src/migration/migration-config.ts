import { SenseiError } from '../shared/sensei-error';
import { assertValidPiiPolicy, type PiiPolicy } from '../ingestion/pii-policy';
import { assertValidTolerances, assertValidVerificationConfig } from './verification-config';

/** Mappings proposed with at least this confidence are approved without a human. */
export const REVIEW_THRESHOLD = 0.92;
/**
 * A migration may raise its threshold (up to 1: only certain mappings skip review) but never lower
 * it below the product default: a per-migration setting can tighten the fail-safe, not loosen it.
 */
export const MIN_REVIEW_THRESHOLD = REVIEW_THRESHOLD;
export const AUTO_APPROVER = 'system:auto-approval';

export interface VerificationTolerances {
  /** Absolute tolerance for numeric comparisons (default 0.0001). */
  numericEpsilon?: number;
  /** Tolerance for timestamp comparisons in milliseconds (default 1,000). */
  timestampToleranceMs?: number;
  stringMode?: 'exact' | 'normalized';
}

/** A query written against source table and column names; KORA rewrites it for the target. */
export interface VerificationQuery {
  name: string;
  sql: string;
}

/** A Great Expectations-style expectation: `expectation_type` + `kwargs`, on one target table. */
export interface ExpectationConfig {
  expectation_type: string;
  kwargs: Record<string, unknown>;
  meta?: Record<string, unknown>;
}

/** How KORA verifies (defaults in brackets). */
export interface VerificationConfig {
  /** Generated plus user queries replayed per checkpoint [1,000]. */
  maxQueries?: number;
  /** User-written replay queries (source names). */
  queries?: VerificationQuery[];
  /** Extra expectations keyed by target table, added to those derived from target constraints. */
  expectations?: Record<string, ExpectationConfig[]>;
  /** Differing keys named per table in the row-level diff [20]. */
  diffKeyLimit?: number;
  /** Largest KS statistic accepted between source and target numeric distributions [0.01]. */
  maxKsStatistic?: number;
  /** Largest difference in a column's null ratio accepted [0]. */
  maxNullRatioDelta?: number;
}

export interface MigrationConfig {
  /** Rows profiled per table during ingestion (default 10,000). */
  sampleSize?: number;
  /** Rows per delivery batch (default 10,000). */
  batchSize?: number;
  /**
   * Rows per ingested Parquet partition (default 100,000). Recorded with the migration, so a run
   * resumed after a crash cuts the same partitions (same hashes, same delivery batch keys).
   */
  rowsPerPartition?: number;
  /** SQL run on the target after the last delivery batch (checks, ANALYZE); results are logged. */
  postDeliveryQueries?: string[];
  /** Source tables to migrate; all discovered tables when absent. */
  tables?: string[];
  reviewThreshold?: number;
  tolerances?: VerificationTolerances;
  verification?: VerificationConfig;
  /** Per-column PII action keyed `table.column` (keep | mask | hash | drop); unlisted: keep. */
  pii?: PiiPolicy;
  /**
   * Artifact hash of the target schema DDL the mappings aim at (`--target-schema`), stored
   * content-addressed so a resumed run reads the very same file; absent: the live target.
   */
  targetSchemaArtifact?: string;
}

/** The config as recorded on the stream: the review threshold that applied is always explicit. */
export type ResolvedMigrationConfig = MigrationConfig & { reviewThreshold: number };

export const resolveConfig = (config: MigrationConfig = {}): ResolvedMigrationConfig => {
  const reviewThreshold = config.reviewThreshold ?? REVIEW_THRESHOLD;
  if (
    !Number.isFinite(reviewThreshold) ||
    reviewThreshold < MIN_REVIEW_THRESHOLD ||
    reviewThreshold > 1
  ) {
    throw new SenseiError(
      'VALIDATION.FAILED',
      `reviewThreshold must lie in [${MIN_REVIEW_THRESHOLD}, 1], got ${reviewThreshold}`,
      { field: 'config.reviewThreshold' },
    );
  }
  assertValidPiiPolicy(config.pii);
  assertValidTolerances(config.tolerances);
  assertValidVerificationConfig(config.verification);
  return { ...config, reviewThreshold };
};

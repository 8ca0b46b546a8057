import type { ReadView } from '../../projection';

/** The contract with readers (GraphQL, CLI): these names and columns stay put across builds. */
export const migrationsViews: ReadView[] = [
  {
    name: 'migrations',
    select: (schema) => `SELECT migration_id, status, phase, source_kind, source_uri, target_kind,
      target_uri, requested_by, requested_at, updated_at, completed_at, halted_reason, row_count,
      delivered_rows, mappings_total, mappings_in_review, mappings_approved, certificate_id,
      certificate_status, ingestion_ms, transformation_ms, verification_ms, delivery_ms, position
      FROM ${schema}.migrations`,
  },
  {
    name: 'migration_tables',
    select: (schema) => `SELECT migration_id, role, table_name, rows, partitions, pii_columns,
      phase, updated_at FROM ${schema}.migration_tables`,
  },
  {
    name: 'mappings',
    select: (schema) => `SELECT mapping_id, migration_id, source_table, source_column,
      target_table, target_column, expression, confidence, rationale, status, review_reason,
      proposed_by, decided_by, decision_note, supersedes, superseded_by, proposed_at, decided_at,
      position FROM ${schema}.mappings`,
  },
  {
    name: 'pii_findings',
    select: (schema) =>
      `SELECT migration_id, table_name, column_name, detected_at FROM ${schema}.pii_findings`,
  },
];

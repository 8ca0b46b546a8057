import { RowTable } from '../../row-table';
import { splitColumnRef, type MigrationFact } from '../migration-facts';

/** One row of `read.migration_tables`: a source or target table's progress through the phases. */
export interface MigrationTableRow {
  migration_id: string;
  role: 'source' | 'target';
  table_name: string;
  rows: number | null;
  partitions: number | null;
  pii_columns: string[];
  /** ingested, transformed, verified, delivering, delivered. */
  phase: string;
  updated_at: string;
}

export interface PiiFindingRow {
  migration_id: string;
  table_name: string;
  column_name: string;
  detected_at: string;
}

export const migrationTablesTable = new RowTable<MigrationTableRow>(
  'migration_tables',
  [
    { name: 'migration_id', type: 'text' },
    { name: 'role', type: 'text' },
    { name: 'table_name', type: 'text' },
    { name: 'rows', type: 'bigint' },
    { name: 'partitions', type: 'integer' },
    { name: 'pii_columns', type: 'text[]', constraint: "NOT NULL DEFAULT '{}'" },
    { name: 'phase', type: 'text', constraint: 'NOT NULL' },
    { name: 'updated_at', type: 'timestamptz', constraint: 'NOT NULL' },
  ],
  ['migration_id', 'role', 'table_name'],
);

export const piiFindingsTable = new RowTable<PiiFindingRow>(
  'pii_findings',
  [
    { name: 'migration_id', type: 'text' },
    { name: 'table_name', type: 'text' },
    { name: 'column_name', type: 'text' },
    { name: 'detected_at', type: 'timestamptz', constraint: 'NOT NULL' },
  ],
  ['migration_id', 'table_name', 'column_name'],
);

export const tableKey = (row: Pick<MigrationTableRow, 'migration_id' | 'role' | 'table_name'>) =>
  JSON.stringify([row.migration_id, row.role, row.table_name]);

/** Events that move tables along; only for these are a migration's table rows loaded. */
export const touchesTables = (fact: MigrationFact): boolean =>
  fact.type === 'IngestionCompleted' ||
  fact.type === 'TransformationCompleted' ||
  fact.type === 'CertificateIssued' ||
  fact.type === 'DeliveryStarted' ||
  fact.type === 'DeliveryConfirmed';

const advance = (rows: readonly MigrationTableRow[], from: string, to: string, at: string) =>
  rows.filter((row) => row.phase === from).map((row) => ({ ...row, phase: to, updated_at: at }));

const tablesOf = (role: MigrationTableRow['role'], columnRefs: string[]) =>
  [...new Set(columnRefs.map((ref) => splitColumnRef(ref).table))].map((name) => ({ role, name }));

const table = (
  fact: MigrationFact,
  role: MigrationTableRow['role'],
  name: string,
  existing: MigrationTableRow | undefined,
): MigrationTableRow =>
  existing ?? {
    migration_id: fact.data.migrationId,
    role,
    table_name: name,
    rows: null,
    partitions: null,
    pii_columns: [],
    phase: 'ingested',
    updated_at: fact.at,
  };

/**
 * The table rows one event changes, given the migration's current table rows. Source tables
 * come from the ingestion manifest, target tables from the lineage and the delivery receipt.
 */
export const evolveTableRows = (
  rows: readonly MigrationTableRow[],
  fact: MigrationFact,
): MigrationTableRow[] => {
  const find = (role: MigrationTableRow['role'], name: string) =>
    rows.find((row) => row.role === role && row.table_name === name);
  switch (fact.type) {
    case 'IngestionCompleted':
      return fact.data.tables.map((ingested) => ({
        ...table(fact, 'source', ingested.name, find('source', ingested.name)),
        rows: ingested.rowCount,
        partitions: ingested.partitionCount,
        pii_columns: ingested.piiColumns ?? [],
        phase: 'ingested',
        updated_at: fact.at,
      }));
    case 'TransformationCompleted': {
      const { lineage } = fact.data;
      const touched = [
        ...tablesOf(
          'source',
          lineage.map((edge) => edge.source),
        ),
        ...tablesOf(
          'target',
          lineage.map((edge) => edge.target),
        ),
      ];
      return touched.map(({ role, name }) => ({
        ...table(fact, role, name, find(role, name)),
        phase: 'transformed',
        updated_at: fact.at,
      }));
    }
    case 'CertificateIssued':
      return fact.data.certificate.status === 'PASSED'
        ? advance(rows, 'transformed', 'verified', fact.at)
        : [];
    case 'DeliveryStarted':
      return advance(rows, 'verified', 'delivering', fact.at);
    case 'DeliveryConfirmed': {
      const delivered = Object.entries(fact.data.receipt.rowsPerTable).map(([name, count]) => ({
        ...table(fact, 'target', name, find('target', name)),
        rows: count,
        phase: 'delivered',
        updated_at: fact.at,
      }));
      const sources = advance(
        rows.filter((row) => row.role === 'source'),
        'delivering',
        'delivered',
        fact.at,
      );
      return [...delivered, ...sources];
    }
    default:
      return [];
  }
};

export const piiFindingsOf = (fact: MigrationFact): PiiFindingRow[] =>
  fact.type === 'IngestionCompleted'
    ? fact.data.tables.flatMap((ingested) =>
        (ingested.piiColumns ?? []).map((column) => ({
          migration_id: fact.data.migrationId,
          table_name: ingested.name,
          column_name: column,
          detected_at: fact.at,
        })),
      )
    : [];

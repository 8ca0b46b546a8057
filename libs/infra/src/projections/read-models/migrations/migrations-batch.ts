import type { SqlExecutor } from '../../../sql/sql-client';
import { writeRows, type RowWrite } from '../../row-table';
import type { MigrationFact } from '../migration-facts';
import {
  certificateRowOf,
  certificatesTable,
  deliveryReceiptsTable,
  receiptRowOf,
  type CertificateRow,
  type DeliveryReceiptRow,
} from './certificate-rows';
import {
  evolveMappingRow,
  mappingIdOf,
  mappingKey,
  mappingsTable,
  type MappingRow,
} from './mapping-row';
import {
  evolveMigrationRow,
  migrationsTable,
  withMappingCounts,
  type MigrationRow,
} from './migration-row';
import {
  evolveTableRows,
  migrationTablesTable,
  piiFindingsOf,
  piiFindingsTable,
  tableKey,
  touchesTables,
  type MigrationTableRow,
  type PiiFindingRow,
} from './table-rows';

const pick = <Row>(rows: Map<string, Row>, keys: Set<string>): Row[] =>
  [...keys].flatMap((key) => rows.get(key) ?? []);

/**
 * The rows a batch touches: loaded in one query, folded in memory event by event, written back
 * in one statement.
 */
export class MigrationsBatch {
  private readonly migrations = new Map<string, MigrationRow>();
  private readonly mappings = new Map<string, MappingRow>();
  private readonly tables = new Map<string, MigrationTableRow>();
  private readonly pii = new Map<string, PiiFindingRow>();
  private readonly certificates = new Map<string, CertificateRow>();
  private readonly receipts = new Map<string, DeliveryReceiptRow>();
  private readonly dirty = {
    migrations: new Set<string>(),
    mappings: new Set<string>(),
    tables: new Set<string>(),
  };

  private constructor(
    private readonly tx: SqlExecutor,
    private readonly schema: string,
  ) {}

  /** Loads every row the facts may change, in one query. */
  static async load(
    tx: SqlExecutor,
    schema: string,
    facts: MigrationFact[],
  ): Promise<MigrationsBatch> {
    const batch = new MigrationsBatch(tx, schema);
    const ids = [...new Set(facts.map((fact) => fact.data.migrationId))];
    const tableIds = [...new Set(facts.filter(touchesTables).map((fact) => fact.data.migrationId))];
    const keys = storedMappingKeys(facts);
    const { rows } = await tx.query<{
      migrations: MigrationRow[] | null;
      mappings: MappingRow[] | null;
      tables: MigrationTableRow[] | null;
    }>(
      `SELECT ${migrationsTable.selectJson(schema, 't.migration_id = ANY($1::text[])')} AS migrations,
        ${mappingsTable.selectJson(
          schema,
          '(t.migration_id, t.mapping_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))',
        )} AS mappings,
        ${migrationTablesTable.selectJson(schema, 't.migration_id = ANY($4::text[])')} AS tables`,
      [ids, keys.map((key) => key[0]), keys.map((key) => key[1]), tableIds],
    );
    const loaded = rows[0];
    for (const row of loaded?.migrations ?? []) batch.migrations.set(row.migration_id, row);
    for (const row of loaded?.mappings ?? []) {
      batch.mappings.set(mappingKey(row.migration_id, row.mapping_id), row);
    }
    for (const row of loaded?.tables ?? []) batch.tables.set(tableKey(row), row);
    return batch;
  }

  apply(fact: MigrationFact): void {
    const id = fact.data.migrationId;
    let migration = evolveMigrationRow(this.migrations.get(id), fact);
    // Like the domain, nothing happens to a migration that was never requested.
    if (!migration) return;
    const mappingId = mappingIdOf(fact);
    if (mappingId !== undefined) {
      const key = mappingKey(id, mappingId);
      const mapping = this.mappings.get(key);
      const next = evolveMappingRow(mapping, fact);
      if (next) {
        this.mappings.set(key, next);
        this.dirty.mappings.add(key);
        migration = withMappingCounts(migration, mapping?.status, next.status);
      }
    }
    this.migrations.set(id, migration);
    this.dirty.migrations.add(id);
    if (touchesTables(fact)) this.applyToTables(id, fact);
    for (const finding of piiFindingsOf(fact)) {
      this.pii.set(JSON.stringify([id, finding.table_name, finding.column_name]), finding);
    }
    const certificate = certificateRowOf(fact);
    if (certificate) this.certificates.set(certificate.certificate_id, certificate);
    const receipt = receiptRowOf(fact);
    if (receipt) this.receipts.set(JSON.stringify([id, receipt.certificate_id]), receipt);
  }

  /** Writes every changed row back, in one statement. */
  async save(): Promise<void> {
    const { schema, dirty } = this;
    const replace = (table: RowWrite['table'], rows: readonly object[]): RowWrite => ({
      table,
      schema,
      rows,
      onConflict: 'replace',
    });
    await writeRows(this.tx, [
      replace(migrationsTable, pick(this.migrations, dirty.migrations)),
      replace(mappingsTable, pick(this.mappings, dirty.mappings)),
      replace(migrationTablesTable, pick(this.tables, dirty.tables)),
      replace(piiFindingsTable, [...this.pii.values()]),
      replace(certificatesTable, [...this.certificates.values()]),
      replace(deliveryReceiptsTable, [...this.receipts.values()]),
    ]);
  }

  private applyToTables(migrationId: string, fact: MigrationFact): void {
    const current = [...this.tables.values()].filter((row) => row.migration_id === migrationId);
    for (const row of evolveTableRows(current, fact)) {
      const key = tableKey(row);
      this.tables.set(key, row);
      this.dirty.tables.add(key);
    }
  }
}

/**
 * Mappings the batch decides on that earlier batches proposed. A mapping proposed within the
 * batch needs no lookup (the domain never proposes the same mapping id twice), and that is most
 * of them: a proposal and its approval or review are appended together.
 */
const storedMappingKeys = (facts: MigrationFact[]): Array<[string, string]> => {
  const seen = new Set<string>();
  const stored: Array<[string, string]> = [];
  for (const fact of facts) {
    const mappingId = mappingIdOf(fact);
    if (mappingId === undefined) continue;
    const key = mappingKey(fact.data.migrationId, mappingId);
    if (seen.has(key)) continue;
    seen.add(key);
    if (fact.type !== 'MappingProposed') stored.push([fact.data.migrationId, mappingId]);
  }
  return stored;
};

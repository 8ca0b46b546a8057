import type { Projection } from '../../projection';
import { migrationFacts } from '../migration-facts';
import { certificatesTable, certificatesViews, deliveryReceiptsTable } from './certificate-rows';
import { mappingsTable } from './mapping-row';
import { migrationsTable } from './migration-row';
import { migrationsViews } from './migrations.views';
import { MigrationsBatch } from './migrations-batch';
import { migrationTablesTable, piiFindingsTable } from './table-rows';

/**
 * Migrations with their mappings, per-table progress, PII findings, certificates and delivery
 * receipts. One projection: the migration's counts follow its mappings' statuses, which the fold
 * must see together, and one pass over the log is cheaper than several.
 */
export const migrationsProjection: Projection = {
  name: 'migrations',
  // 2: delivery_receipts.verified_in_target (rebuilt from position 0 beside version 1).
  version: 2,
  tables: (schema) => [
    migrationsTable.createTable(schema),
    `CREATE INDEX ON ${schema}.migrations (requested_at DESC, migration_id DESC)`,
    `CREATE INDEX ON ${schema}.migrations (status, requested_at DESC, migration_id DESC)`,
    mappingsTable.createTable(schema),
    `CREATE INDEX ON ${schema}.mappings (proposed_at, migration_id, mapping_id) WHERE status = 'in_review'`,
    migrationTablesTable.createTable(schema),
    piiFindingsTable.createTable(schema),
    certificatesTable.createTable(schema),
    `CREATE INDEX ON ${schema}.certificates (migration_id, issued_at)`,
    deliveryReceiptsTable.createTable(schema),
  ],
  views: [...migrationsViews, ...certificatesViews],
  apply: async (events, tx, schema) => {
    const facts = migrationFacts(events);
    if (facts.length === 0) return;
    const batch = await MigrationsBatch.load(tx, schema, facts);
    for (const fact of facts) batch.apply(fact);
    await batch.save();
  },
};

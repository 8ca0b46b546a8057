import type { SqlExecutor } from '../../sql/sql-client';
import type { EventFeed } from '../event-feed';
import {
  readParkedEvents,
  readProjectionStatus,
  type ParkedEventRecord,
  type ProjectionStatus,
} from '../projection-status';
import { decodeCursor, encodeCursor, pageSize } from './cursor';
import {
  toView,
  type ActivityView,
  type CertificateView,
  type DeliveryReceiptView,
  type MappingView,
  type MigrationTableView,
  type MigrationView,
  type ReadPage,
  type PiiFindingView,
} from './read-model-rows';

export interface PageRequest {
  /** The `endCursor` of the previous page. */
  after?: string | null;
  /** Page size, 1..500 (default 50). */
  first?: number;
}

const migrationColumns = `migration_id, status, phase, source_kind, source_uri, target_kind,
  target_uri, requested_by, requested_at, updated_at, completed_at, halted_reason, row_count,
  delivered_rows, mappings_total, mappings_in_review, mappings_approved, certificate_id,
  certificate_status, ingestion_ms, transformation_ms, verification_ms, delivery_ms, position`;

const pageOf = <Item>(
  rows: Record<string, unknown>[],
  first: number,
  cursorOf: (item: Item) => unknown[],
): ReadPage<Item> => {
  const items = rows.slice(0, first).map((row) => toView<Item>(row));
  const last = items[items.length - 1];
  return {
    items,
    endCursor: last === undefined ? null : encodeCursor(cursorOf(last)),
    hasNextPage: rows.length > first,
  };
};

/**
 * The dashboard's questions over the `read.*` views, each ONE SQL query: list methods take many
 * migration ids at once, so a DataLoader per field keeps a page of 100 migrations with their
 * mappings, tables and certificates to a handful of queries.
 */
export class ReadModelQueries {
  constructor(
    private readonly sql: SqlExecutor,
    /** For the lag in projectionStatus(); without it the lag is null. */
    private readonly feed?: Pick<EventFeed, 'head'>,
  ) {}

  /** Newest first, by (requested_at, migration_id). */
  async listMigrations(
    options: PageRequest & { status?: string | null } = {},
  ): Promise<ReadPage<MigrationView>> {
    const first = pageSize(options.first);
    const after = decodeCursor(options.after, ['instant', 'string']);
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `SELECT ${migrationColumns} FROM read.migrations
        WHERE ($1::text IS NULL OR status = $1)
          AND ($2::timestamptz IS NULL OR (requested_at, migration_id) < ($2::timestamptz, $3::text))
        ORDER BY requested_at DESC, migration_id DESC LIMIT $4`,
      [options.status ?? null, after?.[0] ?? null, after?.[1] ?? null, first + 1],
    );
    return pageOf<MigrationView>(rows, first, (m) => [m.requestedAt, m.migrationId]);
  }

  async getMigration(migrationId: string): Promise<MigrationView | undefined> {
    return (await this.migrationsByIds([migrationId]))[0];
  }

  async migrationsByIds(migrationIds: readonly string[]): Promise<MigrationView[]> {
    return this.many<MigrationView>(
      `SELECT ${migrationColumns} FROM read.migrations WHERE migration_id = ANY($1::text[])`,
      [migrationIds],
    );
  }

  tablesByMigrationIds(migrationIds: readonly string[]): Promise<MigrationTableView[]> {
    return this.many(
      `SELECT * FROM read.migration_tables WHERE migration_id = ANY($1::text[])
        ORDER BY migration_id, role DESC, table_name`,
      [migrationIds],
    );
  }

  mappingsByMigrationIds(
    migrationIds: readonly string[],
    options: { status?: string | null } = {},
  ): Promise<MappingView[]> {
    return this.many(
      `SELECT * FROM read.mappings
        WHERE migration_id = ANY($1::text[]) AND ($2::text IS NULL OR status = $2)
        ORDER BY migration_id, source_table, source_column, target_table, target_column, mapping_id`,
      [migrationIds, options.status ?? null],
    );
  }

  certificatesByMigrationIds(migrationIds: readonly string[]): Promise<CertificateView[]> {
    return this.many(
      `SELECT * FROM read.certificates WHERE migration_id = ANY($1::text[])
        ORDER BY migration_id, issued_at, certificate_id`,
      [migrationIds],
    );
  }

  receiptsByMigrationIds(migrationIds: readonly string[]): Promise<DeliveryReceiptView[]> {
    return this.many(
      `SELECT * FROM read.delivery_receipts WHERE migration_id = ANY($1::text[])
        ORDER BY migration_id, confirmed_at, certificate_id`,
      [migrationIds],
    );
  }

  piiFindingsByMigrationIds(migrationIds: readonly string[]): Promise<PiiFindingView[]> {
    return this.many(
      `SELECT * FROM read.pii_findings WHERE migration_id = ANY($1::text[])
        ORDER BY migration_id, table_name, column_name`,
      [migrationIds],
    );
  }

  /** Mappings waiting for a human, oldest first; optionally of one migration. */
  async reviewQueue(
    options: PageRequest & { migrationId?: string | null } = {},
  ): Promise<ReadPage<MappingView>> {
    const first = pageSize(options.first);
    const after = decodeCursor(options.after, ['instant', 'string', 'string']);
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `SELECT * FROM read.mappings
        WHERE status = 'in_review' AND ($1::text IS NULL OR migration_id = $1)
          AND ($2::timestamptz IS NULL
               OR (proposed_at, migration_id, mapping_id) > ($2::timestamptz, $3::text, $4::text))
        ORDER BY proposed_at, migration_id, mapping_id LIMIT $5`,
      [
        options.migrationId ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        after?.[2] ?? null,
        first + 1,
      ],
    );
    return pageOf<MappingView>(rows, first, (m) => [m.proposedAt, m.migrationId, m.mappingId]);
  }

  /** The migration's audit log in position order; `agentsOnly`: actors containing `agent:`. */
  async activity(
    migrationId: string,
    options: PageRequest & { agentsOnly?: boolean } = {},
  ): Promise<ReadPage<ActivityView>> {
    const first = pageSize(options.first);
    const after = decodeCursor(options.after, ['number']);
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `SELECT * FROM read.activity
        WHERE migration_id = $1 AND position > $2 AND (NOT $3 OR actor LIKE '%agent:%')
        ORDER BY position LIMIT $4`,
      [migrationId, after?.[0] ?? 0, options.agentsOnly ?? false, first + 1],
    );
    return pageOf<ActivityView>(rows, first, (entry) => [entry.position]);
  }

  async projectionStatus(): Promise<ProjectionStatus[]> {
    const head = this.feed ? await this.feed.head().catch(() => null) : null;
    return readProjectionStatus(this.sql, head);
  }

  parkedEvents(projection?: string): Promise<ParkedEventRecord[]> {
    return readParkedEvents(this.sql, projection);
  }

  private async many<View>(sql: string, params: unknown[]): Promise<View[]> {
    if (Array.isArray(params[0]) && params[0].length === 0) return [];
    const { rows } = await this.sql.query<Record<string, unknown>>(sql, params);
    return rows.map((row) => toView<View>(row));
  }
}

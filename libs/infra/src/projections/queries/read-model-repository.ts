import type { SqlExecutor } from '../../sql/sql-client';
import { decodeCursor, encodeCursor, pageSize } from './cursor';
import {
  ACTIVITY_COLUMNS,
  CERTIFICATE_COLUMNS,
  MAPPING_COLUMNS,
  MIGRATION_COLUMNS,
  PII_COLUMNS,
  RECEIPT_COLUMNS,
  TABLE_COLUMNS,
  toActivity,
  toCertificate,
  toMapping,
  toMigration,
  toMigrationTable,
  toPiiFinding,
  toReceipt,
  type ActivityRecord,
  type CertificateRecord,
  type DeliveryReceiptRecord,
  type MappingRecord,
  type MigrationRecord,
  type MigrationTableRecord,
  type PiiFindingRecord,
  type ReadPage,
} from './read-model-records';

export interface MigrationFilter {
  statuses?: readonly string[];
  requestedBy?: string;
  /** ISO timestamps: requested_at >= after, < before. */
  requestedAfter?: string;
  requestedBefore?: string;
  certificateStatuses?: readonly string[];
}

/** A keyset page: `limit` rows strictly after `after` (a record's sortKey) in list order. */
export interface PageQuery {
  limit: number;
  after?: string;
}

export interface ReviewQueueFilter {
  migrationId?: string;
}

export interface ActivityQuery extends PageQuery {
  /** Only rows whose actor is an agent (`agent:...`). */
  agentsOnly: boolean;
}

/** Builds `WHERE a AND b` with numbered parameters. */
class Where {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  add(clause: (param: (value: unknown) => string) => string): this {
    this.clauses.push(clause((value) => `$${this.params.push(value)}`));
    return this;
  }

  param(value: unknown): string {
    return `$${this.params.push(value)}`;
  }

  get sql(): string {
    return this.clauses.length === 0 ? '' : `WHERE ${this.clauses.join(' AND ')}`;
  }
}

const afterKey = (sortKey: string): [string, string] => JSON.parse(sortKey) as [string, string];

/** Where a reader keeps answers: `load()` runs the query, the cache may answer in its place. */
export interface ReadModelReadCache {
  read<T>(key: string, load: () => Promise<T>): Promise<T>;
}

const noCache: ReadModelReadCache = { read: (_key, load) => load() };

/** `first`/`after` of a ReadPage: `after` is the `endCursor` of the previous page. */
export interface PageRequest {
  after?: string | null;
  /** Page size, 1..500 (default 50). */
  first?: number;
}

/** From `first + 1` rows fetched: the page, its end cursor, and whether there is another. */
const pageOf = <Row>(rows: readonly Row[], first: number, keyOf: (row: Row) => unknown[]) => {
  const items = rows.slice(0, first);
  const last = items[items.length - 1];
  return {
    items,
    endCursor: last === undefined ? null : encodeCursor(keyOf(last)),
    hasNextPage: rows.length > first,
  };
};

/**
 * Reads the read-model views in schema `read` (the contract with the projections that write
 * them). Every method that serves a field of a list takes many keys at once, so the GraphQL
 * loaders turn N parents into one query. `cache` (none by default) may answer repeated reads.
 */
export class ReadModelRepository {
  constructor(
    private readonly sql: SqlExecutor,
    private readonly cache: ReadModelReadCache = noCache,
  ) {}

  /** Runs a read (or takes its answer from the cache) and maps its rows to records. */
  private select<T>(
    sql: string,
    params: readonly unknown[],
    map: (row: Record<string, unknown>) => T,
  ): Promise<T[]> {
    return this.cache.read(`${sql}\u0000${JSON.stringify(params)}`, async () =>
      (await this.sql.query(sql, params)).rows.map(map),
    );
  }

  private async count(sql: string, params: readonly unknown[]): Promise<number> {
    const [row] = await this.select(sql, params, (r) => Number(r.n));
    return row ?? 0;
  }

  migrationsByIds(ids: readonly string[]): Promise<MigrationRecord[]> {
    return this.select(
      `SELECT ${MIGRATION_COLUMNS} FROM read.migrations WHERE migration_id = ANY($1::text[])`,
      [ids],
      toMigration,
    );
  }

  private migrationWhere(filter: MigrationFilter): Where {
    const where = new Where();
    if (filter.statuses?.length) where.add((p) => `status = ANY(${p(filter.statuses)}::text[])`);
    if (filter.requestedBy) where.add((p) => `requested_by = ${p(filter.requestedBy)}`);
    if (filter.requestedAfter)
      where.add((p) => `requested_at >= ${p(filter.requestedAfter)}::timestamptz`);
    if (filter.requestedBefore)
      where.add((p) => `requested_at < ${p(filter.requestedBefore)}::timestamptz`);
    if (filter.certificateStatuses?.length)
      where.add((p) => `certificate_status = ANY(${p(filter.certificateStatuses)}::text[])`);
    return where;
  }

  /** Newest first: (requested_at, migration_id) descending. */
  migrationsPage(filter: MigrationFilter, page: PageQuery): Promise<MigrationRecord[]> {
    const where = this.migrationWhere(filter);
    if (page.after) {
      const [time, id] = afterKey(page.after);
      where.add((p) => `(requested_at, migration_id) < (${p(time)}::timestamptz, ${p(id)})`);
    }
    const limit = where.param(page.limit);
    return this.select(
      `SELECT ${MIGRATION_COLUMNS} FROM read.migrations ${where.sql}
       ORDER BY requested_at DESC, migration_id DESC LIMIT ${limit}`,
      where.params,
      toMigration,
    );
  }

  countMigrations(filter: MigrationFilter): Promise<number> {
    const where = this.migrationWhere(filter);
    return this.count(`SELECT count(*)::int AS n FROM read.migrations ${where.sql}`, where.params);
  }

  tablesOf(migrationIds: readonly string[]): Promise<MigrationTableRecord[]> {
    return this.select(
      `SELECT ${TABLE_COLUMNS} FROM read.migration_tables WHERE migration_id = ANY($1::text[])
       ORDER BY migration_id, role DESC, table_name`,
      [migrationIds],
      toMigrationTable,
    );
  }

  mappingsOf(
    migrationIds: readonly string[],
    statuses?: readonly string[],
  ): Promise<MappingRecord[]> {
    const where = new Where().add((p) => `migration_id = ANY(${p(migrationIds)}::text[])`);
    if (statuses?.length) where.add((p) => `status = ANY(${p(statuses)}::text[])`);
    return this.select(
      `SELECT ${MAPPING_COLUMNS} FROM read.mappings ${where.sql}
       ORDER BY migration_id, target_table, target_column, proposed_at, mapping_id`,
      where.params,
      toMapping,
    );
  }

  /** Oldest first, so reviewers work through the queue in arrival order. */
  reviewQueuePage(filter: ReviewQueueFilter, page: PageQuery): Promise<MappingRecord[]> {
    const where = new Where().add(() => `status = 'in_review'`);
    if (filter.migrationId) where.add((p) => `migration_id = ${p(filter.migrationId)}`);
    if (page.after) {
      const [time, migrationId, mappingId] = JSON.parse(page.after) as [string, string, string];
      where.add(
        (p) =>
          `(proposed_at, migration_id, mapping_id) > (${p(time)}::timestamptz, ${p(migrationId)}, ${p(mappingId)})`,
      );
    }
    const limit = where.param(page.limit);
    return this.select(
      `SELECT ${MAPPING_COLUMNS} FROM read.mappings ${where.sql}
       ORDER BY proposed_at, migration_id, mapping_id LIMIT ${limit}`,
      where.params,
      toMapping,
    );
  }

  countReviewQueue(filter: ReviewQueueFilter): Promise<number> {
    const where = new Where().add(() => `status = 'in_review'`);
    if (filter.migrationId) where.add((p) => `migration_id = ${p(filter.migrationId)}`);
    return this.count(`SELECT count(*)::int AS n FROM read.mappings ${where.sql}`, where.params);
  }

  certificatesByIds(certificateIds: readonly string[]): Promise<CertificateRecord[]> {
    return this.select(
      `SELECT ${CERTIFICATE_COLUMNS} FROM read.certificates
       WHERE certificate_id = ANY($1::text[])`,
      [certificateIds],
      toCertificate,
    );
  }

  certificatesOf(migrationIds: readonly string[]): Promise<CertificateRecord[]> {
    return this.select(
      `SELECT ${CERTIFICATE_COLUMNS} FROM read.certificates
       WHERE migration_id = ANY($1::text[]) ORDER BY migration_id, issued_at, certificate_id`,
      [migrationIds],
      toCertificate,
    );
  }

  /** The latest receipt of each migration. */
  receiptsOf(migrationIds: readonly string[]): Promise<DeliveryReceiptRecord[]> {
    return this.select(
      `SELECT DISTINCT ON (migration_id) ${RECEIPT_COLUMNS} FROM read.delivery_receipts
       WHERE migration_id = ANY($1::text[]) ORDER BY migration_id, confirmed_at DESC`,
      [migrationIds],
      toReceipt,
    );
  }

  piiFindingsOf(migrationIds: readonly string[]): Promise<PiiFindingRecord[]> {
    return this.select(
      `SELECT ${PII_COLUMNS} FROM read.pii_findings WHERE migration_id = ANY($1::text[])
       ORDER BY migration_id, table_name, column_name`,
      [migrationIds],
      toPiiFinding,
    );
  }

  /** One page per migration, all in one query: the first `limit` rows after `after`, by position. */
  activityOf(migrationIds: readonly string[], query: ActivityQuery): Promise<ActivityRecord[]> {
    const where = new Where().add((p) => `migration_id = ANY(${p(migrationIds)}::text[])`);
    if (query.after !== undefined) where.add((p) => `position > ${p(Number(query.after))}`);
    if (query.agentsOnly) where.add(() => `actor LIKE '%agent:%'`);
    const limit = where.param(query.limit);
    return this.select(
      `SELECT ${ACTIVITY_COLUMNS} FROM (
         SELECT a.*, row_number() OVER (PARTITION BY migration_id ORDER BY position) AS nth
         FROM read.activity a ${where.sql}
       ) ranked WHERE nth <= ${limit} ORDER BY migration_id, position`,
      where.params,
      toActivity,
    );
  }

  countActivity(migrationId: string, agentsOnly: boolean): Promise<number> {
    return this.count(
      `SELECT count(*)::int AS n FROM read.activity
       WHERE migration_id = $1 AND ($2::boolean IS FALSE OR actor LIKE '%agent:%')`,
      [migrationId, agentsOnly],
    );
  }

  async getMigration(migrationId: string): Promise<MigrationRecord | undefined> {
    return (await this.migrationsByIds([migrationId]))[0];
  }

  /** A page of migrationsPage() with opaque, checked cursors. */
  async listMigrations(
    options: PageRequest & { status?: string | null } = {},
  ): Promise<ReadPage<MigrationRecord>> {
    const first = pageSize(options.first);
    const after = decodeCursor(options.after, ['instant', 'string']);
    const rows = await this.migrationsPage(
      { statuses: options.status ? [options.status] : undefined },
      { limit: first + 1, after: after && JSON.stringify(after) },
    );
    return pageOf(rows, first, (m) => JSON.parse(m.sortKey) as unknown[]);
  }

  /** A page of reviewQueuePage() with opaque, checked cursors. */
  async reviewQueue(
    options: PageRequest & { migrationId?: string | null } = {},
  ): Promise<ReadPage<MappingRecord>> {
    const first = pageSize(options.first);
    const after = decodeCursor(options.after, ['instant', 'string', 'string']);
    const rows = await this.reviewQueuePage(
      { migrationId: options.migrationId ?? undefined },
      { limit: first + 1, after: after && JSON.stringify(after) },
    );
    return pageOf(rows, first, (m) => JSON.parse(m.sortKey) as unknown[]);
  }

  /** A page of one migration's activityOf() with opaque, checked cursors. */
  async activity(
    migrationId: string,
    options: PageRequest & { agentsOnly?: boolean } = {},
  ): Promise<ReadPage<ActivityRecord>> {
    const first = pageSize(options.first);
    const after = decodeCursor(options.after, ['number']);
    const rows = await this.activityOf([migrationId], {
      limit: first + 1,
      after: after && String(after[0]),
      agentsOnly: options.agentsOnly ?? false,
    });
    return pageOf(rows, first, (entry) => [entry.position]);
  }
}

import { isSenseiError } from '@sensei/domain';
import type { RecordedEvent } from '../../event-store/event-store.port';
import type { SqlClient, SqlExecutor } from '../../sql/sql-client';
import {
  eventsAfter,
  lineageChangesOf,
  type MigrationEdgesChange,
  type MigrationStoresChange,
} from '../lineage-changes';
import {
  LineageGraph,
  type ColumnRef,
  type LineageDirection,
  type LineageStep,
  type MigrationStores,
} from '../lineage-graph.port';
import { lineageUnavailable } from '../lineage-steps';
import { createLineageSchemaSql, lineageSchema, type LineageSchema } from './lineage-schema';
import { lineageWalkSql, type LineageWalkRow } from './lineage-walk-sql';

export interface SqlLineageGraphOptions {
  /** Schema of the lineage tables (default `read`); another one holds a rebuild beside it. */
  schema?: string;
}

/** The checkpoint row's name: one lineage graph per schema. */
const checkpointName = 'lineage';

/** Another process creating the same schema or table at the same moment; the retry sees it. */
const concurrentDdlCodes = new Set(['23505', '42P06', '42P07']);

/**
 * The lineage graph in SQL tables walked by recursive queries: the embedded default (PGlite) and
 * PostgreSQL, through the SqlClient port. The client belongs to the caller (it is the shared read
 * database): `close()` leaves it open.
 */
export class SqlLineageGraph extends LineageGraph {
  readonly description: string;

  private constructor(
    private readonly sql: SqlClient,
    private readonly schema: LineageSchema,
  ) {
    super();
    this.description = `sql lineage graph (${sql.description}, schema ${schema.name})`;
  }

  /** Creates the tables if they are missing. */
  static async open(
    sql: SqlClient,
    options: SqlLineageGraphOptions = {},
  ): Promise<SqlLineageGraph> {
    const graph = new SqlLineageGraph(sql, lineageSchema(options.schema));
    await graph.guard(() => graph.createTables());
    return graph;
  }

  apply(events: readonly RecordedEvent[]): Promise<number> {
    return this.guard(() =>
      this.sql.transaction(async (tx) => {
        const checkpoint = await this.lockCheckpoint(tx);
        const fresh = eventsAfter(events, checkpoint);
        const last = fresh[fresh.length - 1];
        if (!last) return checkpoint;
        const changes = await lineageChangesOf(fresh, (id) => this.storesOf(tx, id));
        for (const change of changes) {
          if (change.kind === 'migration') await this.writeMigration(tx, change);
          else await this.replaceEdges(tx, change);
        }
        await tx.query(
          `UPDATE ${this.schema.checkpoint} SET position = $2, updated_at = now() WHERE name = $1`,
          [checkpointName, last.position],
        );
        return last.position;
      }),
    );
  }

  checkpoint(): Promise<number> {
    return this.guard(async () => {
      const { rows } = await this.sql.query<{ position: string | number }>(
        `SELECT position FROM ${this.schema.checkpoint} WHERE name = $1`,
        [checkpointName],
      );
      return Number(rows[0]?.position ?? 0);
    });
  }

  reset(): Promise<void> {
    return this.guard(() =>
      this.sql.transaction(async (tx) => {
        await tx.query(`DELETE FROM ${this.schema.edges}`);
        await tx.query(`DELETE FROM ${this.schema.migrations}`);
        await tx.query(`DELETE FROM ${this.schema.checkpoint} WHERE name = $1`, [checkpointName]);
      }),
    );
  }

  ping(): Promise<void> {
    return this.guard(async () => {
      await this.sql.query('SELECT 1');
    });
  }

  async close(): Promise<void> {}

  migrationStores(migrationId: string): Promise<MigrationStores | undefined> {
    return this.guard(() => this.storesOf(this.sql, migrationId));
  }

  protected walk(
    direction: LineageDirection,
    start: ColumnRef,
    maxDepth: number,
  ): Promise<LineageStep[]> {
    return this.guard(async () => {
      const { rows } = await this.sql.query<LineageWalkRow>(
        lineageWalkSql(this.schema, direction),
        [start.store, start.table, start.column, maxDepth],
      );
      return rows.map((row) => ({
        from: { store: row.source_store, table: row.source_table, column: row.source_column },
        to: { store: row.target_store, table: row.target_table, column: row.target_column },
        transform: row.transform,
        migrationId: row.migration_id,
        mappingId: row.mapping_id,
        depth: Number(row.depth),
      }));
    });
  }

  private async createTables(): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.sql.transaction(async (tx) => {
          for (const statement of createLineageSchemaSql(this.schema)) await tx.query(statement);
        });
        return;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (attempt >= 3 || typeof code !== 'string' || !concurrentDdlCodes.has(code)) throw error;
      }
    }
  }

  /** Locks the checkpoint row, so two projectors of one graph never apply a batch twice. */
  private async lockCheckpoint(tx: SqlExecutor): Promise<number> {
    await tx.query(
      `INSERT INTO ${this.schema.checkpoint} (name, position) VALUES ($1, 0)
       ON CONFLICT (name) DO NOTHING`,
      [checkpointName],
    );
    const { rows } = await tx.query<{ position: string | number }>(
      `SELECT position FROM ${this.schema.checkpoint} WHERE name = $1 FOR UPDATE`,
      [checkpointName],
    );
    return Number(rows[0]?.position ?? 0);
  }

  private async storesOf(
    executor: SqlExecutor,
    migrationId: string,
  ): Promise<MigrationStores | undefined> {
    const { rows } = await executor.query<{ source_store: string; target_store: string }>(
      `SELECT source_store, target_store FROM ${this.schema.migrations} WHERE migration_id = $1`,
      [migrationId],
    );
    const row = rows[0];
    return row && { source: row.source_store, target: row.target_store };
  }

  private async writeMigration(tx: SqlExecutor, change: MigrationStoresChange): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.schema.migrations} (migration_id, source_store, target_store, position)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (migration_id) DO UPDATE
         SET source_store = EXCLUDED.source_store, target_store = EXCLUDED.target_store,
             position = EXCLUDED.position`,
      [change.migrationId, change.source, change.target, change.position],
    );
  }

  private async replaceEdges(tx: SqlExecutor, change: MigrationEdgesChange): Promise<void> {
    await tx.query(`DELETE FROM ${this.schema.edges} WHERE migration_id = $1`, [
      change.migrationId,
    ]);
    if (change.edges.length === 0) return;
    const column = <T>(pick: (edge: MigrationEdgesChange['edges'][number]) => T): T[] =>
      change.edges.map(pick);
    await tx.query(
      `INSERT INTO ${this.schema.edges}
         (migration_id, mapping_id, source_store, source_table, source_column,
          target_store, target_table, target_column, transform, position)
       SELECT $1::text, e.mapping_id, e.source_store, e.source_table, e.source_column,
              e.target_store, e.target_table, e.target_column, e.transform, $10::bigint
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                     $8::text[], $9::text[])
           AS e (mapping_id, source_store, source_table, source_column,
                 target_store, target_table, target_column, transform)`,
      [
        change.migrationId,
        column((e) => e.mappingId),
        column((e) => e.from.store),
        column((e) => e.from.table),
        column((e) => e.from.column),
        column((e) => e.to.store),
        column((e) => e.to.table),
        column((e) => e.to.column),
        column((e) => e.transform),
        change.position,
      ],
    );
  }

  /** The read database being down is the graph being down, for callers and the projector. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isSenseiError(error) && error.code === 'EVENT_STORE.UNAVAILABLE') {
        throw lineageUnavailable(`lineage graph unavailable: ${error.message}`, {
          ...error.details,
          graph: this.description,
        });
      }
      throw error;
    }
  }
}

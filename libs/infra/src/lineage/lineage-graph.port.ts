import { SenseiError } from '@sensei/domain';
import type { RecordedEvent } from '../event-store/event-store.port';
import { checkedMaxDepth, orderedSteps } from './lineage-steps';

/**
 * One column of one data store. `store` is the migration's DataStoreRef as `kind:uri`, so a
 * migration whose source is an earlier migration's target continues that migration's lineage.
 */
export interface ColumnRef {
  store: string;
  table: string;
  column: string;
}

/**
 * A column named as a migration sees it. For `upstream` it is a target column of that migration,
 * for `downstream` a source column; the store comes from the migration's MigrationRequested.
 */
export interface MigrationColumnRef {
  migrationId: string;
  table: string;
  column: string;
}

export type LineageColumn = ColumnRef | MigrationColumnRef;

/** One edge of the walk: `from` fed `to` through `transform` in that migration's mapping. */
export interface LineageStep {
  from: ColumnRef;
  to: ColumnRef;
  /** SQL expression applied by the mapping, or `identity`. */
  transform: string;
  migrationId: string;
  mappingId: string;
  /** 1 for an edge touching the asked column, 2 for the edge before (or after) that, ... */
  depth: number;
}

export type LineageDirection = 'upstream' | 'downstream';

/** The stores a migration read from and wrote to, as the graph recorded them. */
export interface MigrationStores {
  source: string;
  target: string;
}

export const isMigrationColumn = (column: LineageColumn): column is MigrationColumnRef =>
  'migrationId' in column;

/**
 * Column-level lineage: a projection of MigrationRequested and TransformationCompleted events
 * into column nodes and `source -[transform]-> target` edges, with its checkpoint stored in the
 * same transaction as its writes (a crash never loses or doubles an event). Adapters: SQL tables
 * with recursive queries (PGlite, PostgreSQL) and Neo4j.
 */
export abstract class LineageGraph {
  /** Short description for logs and status, never containing a password. */
  abstract readonly description: string;

  /**
   * Applies the events after the checkpoint (older ones are skipped, so re-applying is a no-op)
   * and moves the checkpoint to the last event's position, in one transaction. Events must be
   * in ascending position. Resolves to the new checkpoint.
   */
  abstract apply(events: readonly RecordedEvent[]): Promise<number>;

  /** Global position of the last event applied (0 before the first). */
  abstract checkpoint(): Promise<number>;

  /** Drops every node, edge and the checkpoint, so a projector rebuilds from position 0. */
  abstract reset(): Promise<void>;

  /** Resolves when the backing engine answers; rejects with LINEAGE.UNAVAILABLE otherwise. */
  abstract ping(): Promise<void>;

  abstract close(): Promise<void>;

  /**
   * Where this column came from: every edge on a path that ends at it, through every migration
   * and expression, each edge once at its shortest distance. Ordered by depth, then by names.
   * A migration-scoped column resolves to that migration's target store.
   */
  async upstream(column: LineageColumn, maxDepth?: number): Promise<LineageStep[]> {
    return this.lineage('upstream', column, maxDepth);
  }

  /** What this column feeds; a migration-scoped column resolves to that migration's source store. */
  async downstream(column: LineageColumn, maxDepth?: number): Promise<LineageStep[]> {
    return this.lineage('downstream', column, maxDepth);
  }

  /** The stores of a migration the graph has seen, or undefined. */
  abstract migrationStores(migrationId: string): Promise<MigrationStores | undefined>;

  /** Every edge reachable from `start` in `direction` within `maxDepth` hops, each once. */
  protected abstract walk(
    direction: LineageDirection,
    start: ColumnRef,
    maxDepth: number,
  ): Promise<LineageStep[]>;

  private async lineage(
    direction: LineageDirection,
    column: LineageColumn,
    maxDepth: number | undefined,
  ): Promise<LineageStep[]> {
    const depth = checkedMaxDepth(maxDepth);
    const start = await this.columnRef(column, direction);
    return orderedSteps(await this.walk(direction, start, depth));
  }

  private async columnRef(column: LineageColumn, direction: LineageDirection): Promise<ColumnRef> {
    if (!isMigrationColumn(column)) return column;
    const stores = await this.migrationStores(column.migrationId);
    if (!stores) {
      throw new SenseiError(
        'MIGRATION.NOT_FOUND',
        `The lineage graph has no migration ${column.migrationId} (unknown, or not projected yet)`,
        { migrationId: column.migrationId },
      );
    }
    const store = direction === 'upstream' ? stores.target : stores.source;
    return { store, table: column.table, column: column.column };
  }
}

import type { DataStoreRef, LineageEdge } from '@sensei/domain';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { ColumnRef, MigrationStores } from './lineage-graph.port';

/** A migration's stores, from its MigrationRequested. */
export interface MigrationStoresChange extends MigrationStores {
  kind: 'migration';
  migrationId: string;
  position: number;
}

/** An edge with both ends resolved to column nodes. */
export interface ResolvedLineageEdge {
  migrationId: string;
  mappingId: string;
  from: ColumnRef;
  to: ColumnRef;
  transform: string;
  position: number;
}

/**
 * The lineage of a TransformationCompleted: it replaces the migration's edges, so a migration
 * transformed again (after a resume) keeps only the lineage of its latest output.
 */
export interface MigrationEdgesChange {
  kind: 'edges';
  migrationId: string;
  position: number;
  edges: ResolvedLineageEdge[];
}

export type LineageChange = MigrationStoresChange | MigrationEdgesChange;

/** The graph's own record of migrations, read inside the write transaction. */
export type MigrationStoresLookup = (migrationId: string) => Promise<MigrationStores | undefined>;

export const storeId = (ref: DataStoreRef): string => `${ref.kind}:${ref.uri}`;

/** `Table.Column` (or `schema.table.column`): the column is what follows the last dot. */
export const splitQualifiedColumn = (
  qualified: string,
): { table: string; column: string } | undefined => {
  const dot = qualified.lastIndexOf('.');
  if (dot <= 0 || dot === qualified.length - 1) return undefined;
  return { table: qualified.slice(0, dot), column: qualified.slice(dot + 1) };
};

interface RequestedData {
  migrationId: string;
  source: DataStoreRef;
  target: DataStoreRef;
}
interface TransformedData {
  migrationId: string;
  lineage?: LineageEdge[];
}

const columnOf = (store: string, qualified: string, event: RecordedEvent): ColumnRef => {
  const parts = splitQualifiedColumn(qualified);
  if (!parts) {
    throw new Error(
      `lineage: ${event.type} at position ${event.position} names "${qualified}", not table.column`,
    );
  }
  return { store, ...parts };
};

/** Last edge of a mapping wins: one mapping fills one target column. */
const edgesOf = (
  event: RecordedEvent,
  data: TransformedData,
  stores: MigrationStores,
): ResolvedLineageEdge[] => {
  const byMapping = new Map<string, ResolvedLineageEdge>();
  for (const edge of data.lineage ?? []) {
    byMapping.set(edge.mappingId, {
      migrationId: data.migrationId,
      mappingId: edge.mappingId,
      from: columnOf(stores.source, edge.source, event),
      to: columnOf(stores.target, edge.target, event),
      transform: edge.transform,
      position: event.position,
    });
  }
  return [...byMapping.values()];
};

/**
 * Turns events into graph writes, in order, resolving each edge's stores from its migration (in
 * this batch or already in the graph). Other event types change nothing; they only move the
 * checkpoint. A TransformationCompleted whose migration the graph never saw requested is a broken
 * log, not something to skip silently: it throws, and the projector retries and reports it.
 */
export const lineageChangesOf = async (
  events: readonly RecordedEvent[],
  knownStores: MigrationStoresLookup,
): Promise<LineageChange[]> => {
  const batchStores = new Map<string, MigrationStores>();
  const changes: LineageChange[] = [];
  for (const event of events) {
    if (event.type === 'MigrationRequested') {
      const data = event.data as RequestedData;
      const stores = { source: storeId(data.source), target: storeId(data.target) };
      batchStores.set(data.migrationId, stores);
      changes.push({
        kind: 'migration',
        migrationId: data.migrationId,
        position: event.position,
        ...stores,
      });
    } else if (event.type === 'TransformationCompleted') {
      const data = event.data as TransformedData;
      const stores = batchStores.get(data.migrationId) ?? (await knownStores(data.migrationId));
      if (!stores) {
        throw new Error(
          `lineage: TransformationCompleted at position ${event.position} belongs to migration ` +
            `${data.migrationId}, whose MigrationRequested the graph has not seen`,
        );
      }
      changes.push({
        kind: 'edges',
        migrationId: data.migrationId,
        position: event.position,
        edges: edgesOf(event, data, stores),
      });
    }
  }
  return changes;
};

/** The events after `checkpoint`, in the order given. */
export const eventsAfter = (
  events: readonly RecordedEvent[],
  checkpoint: number,
): readonly RecordedEvent[] => events.filter((event) => event.position > checkpoint);

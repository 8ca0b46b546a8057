import { randomUUID } from 'node:crypto';
import type { DataStoreRef, LineageEdge } from '@sensei/domain';
import type { EventStore, RecordedEvent } from '../../libs/infra/src/event-store/event-store.port';
import type { EventFeed } from '../../libs/infra/src/projections/event-feed';
import { chinookLineage } from './lineage-chinook-edges';

export const chinookSource: DataStoreRef = {
  kind: 'sqlite',
  uri: '/data/chinook/Chinook_Sqlite.sqlite',
};
export const chinookTarget: DataStoreRef = {
  kind: 'postgres',
  uri: 'postgres://app@db.internal:5432/chinook',
};
/** A second migration reads Chinook's target and writes a sales mart: lineage crosses both. */
export const salesMart: DataStoreRef = { kind: 'parquet', uri: 'file:///lake/sales_mart' };

export const storeIdOf = (ref: DataStoreRef) => `${ref.kind}:${ref.uri}`;

const edge = (source: string, target: string, transform = 'identity'): LineageEdge => ({
  mappingId: `map:${source}:${target}`,
  source,
  transform,
  target,
});

/** The sales mart's lineage: one expression with two source columns is two edges. */
export const salesMartLineage: readonly LineageEdge[] = [
  edge('invoice_line.invoice_line_id', 'sales_fact.line_id'),
  edge('invoice_line.unit_price', 'sales_fact.revenue', 'unit_price * quantity'),
  edge('invoice_line.quantity', 'sales_fact.revenue', 'unit_price * quantity'),
  edge(
    'invoice_line.unit_price',
    'sales_fact.unit_price_cents',
    'CAST(round(unit_price * 100) AS BIGINT)',
  ),
];

interface Entry {
  streamId: string;
  type: string;
  data: Record<string, unknown>;
}

/** A log of migration events, in order, as RecordedEvents or appended to a real store. */
export class LineageHistory {
  private readonly entries: Entry[] = [];

  requested(migrationId: string, source: DataStoreRef, target: DataStoreRef): this {
    return this.happened(migrationId, 'MigrationRequested', {
      source,
      target,
      requestedBy: 'user:ana',
      config: {},
    });
  }

  transformed(migrationId: string, lineage: readonly LineageEdge[]): this {
    return this.happened(migrationId, 'TransformationCompleted', {
      sqlHash: 'sha256:sql',
      outputManifestHash: 'sha256:output',
      lineage,
    });
  }

  /** An event the lineage graph ignores (it only moves the checkpoint). */
  happened(migrationId: string, type: string, data: Record<string, unknown> = {}): this {
    this.entries.push({
      streamId: `migration-${migrationId}`,
      type,
      data: { migrationId, ...data },
    });
    return this;
  }

  /** Chinook (SQLite -> PostgreSQL) with its real lineage, then the sales mart fed from its target. */
  chinookThenSalesMart(): this {
    return this.requested('chinook', chinookSource, chinookTarget)
      .happened('chinook', 'IngestionStarted')
      .transformed('chinook', chinookLineage)
      .requested('sales-mart', chinookTarget, salesMart)
      .transformed('sales-mart', salesMartLineage)
      .happened('sales-mart', 'VerificationStarted');
  }

  get length(): number {
    return this.entries.length;
  }

  recorded(): RecordedEvent[] {
    const revisions = new Map<string, number>();
    return this.entries.map((entry, index) => {
      const revision = revisions.get(entry.streamId) ?? 0;
      revisions.set(entry.streamId, revision + 1);
      const timestamp = new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString();
      return {
        id: randomUUID(),
        streamId: entry.streamId,
        revision,
        position: index + 1,
        type: entry.type,
        schemaVersion: 1,
        data: entry.data,
        metadata: { correlationId: 'c', causationId: 'c', actor: 'user:ana', timestamp },
        hash: `hash-${index + 1}`,
        prevHash: `hash-${index}`,
        recordedAt: timestamp,
      };
    });
  }

  /** Appends every event to a real store, in order (positions come from the store). */
  async appendTo(store: EventStore): Promise<void> {
    for (const entry of this.entries) {
      await store.append(entry.streamId, [
        {
          id: randomUUID(),
          type: entry.type,
          data: entry.data,
          metadata: {
            correlationId: 'c',
            causationId: 'c',
            actor: 'user:ana',
            timestamp: new Date().toISOString(),
          },
        },
      ]);
    }
  }
}

/**
 * An EventFeed over an array that a test grows, for projector tests that need no event store.
 * `waitForEvents` polls: simple and enough for tests.
 */
export class ArrayEventFeed implements EventFeed {
  readonly description = 'array feed (test)';
  readonly events: RecordedEvent[] = [];

  read(fromPosition: number, maxCount: number): Promise<RecordedEvent[]> {
    return Promise.resolve(
      this.events.filter((event) => event.position > fromPosition).slice(0, maxCount),
    );
  }

  async waitForEvents(position: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!signal.aborted && Date.now() < deadline) {
      if (this.events.some((event) => event.position > position)) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  head(): Promise<{ position: number; recordedAt: string } | undefined> {
    const last = this.events[this.events.length - 1];
    return Promise.resolve(last && { position: last.position, recordedAt: last.recordedAt });
  }

  async close(): Promise<void> {}
}

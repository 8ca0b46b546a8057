import { migrationStreamId, SenseiError } from '@sensei/domain';
import type { RecordedEvent, StreamVerification } from '../event-store/event-store.port';
import { eventColumns, type EventRow } from '../event-store/sql/recorded-event-row';
import type { SqlEventStore } from '../event-store/sql/sql-event-store';
import type { BundleEvent } from './audit-bundle';

type Count = string | number;

const asPlainJson = <T>(value: T): T =>
  value === null || value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
type ChainFailure = Extract<StreamVerification, { ok: false }>;

/** The first thing wrong in the store, placed as precisely as the store allows. */
export interface StoreProblem {
  reason: ChainFailure['reason'] | 'position_gap';
  message: string;
  streamId?: string;
  revision?: number;
  /** Absent where the event is gone (a deleted row has no position any more). */
  position?: number;
}

export interface StoreVerdict {
  ok: boolean;
  problem?: StoreProblem;
  streams: string[];
  /** Events whose hashes were recomputed. */
  events: number;
  /** Last position of the global log (0 when empty). */
  headPosition: number;
}

/**
 * The audit trail's reads over the SQL event store (PostgreSQL or PGlite): the streams of a
 * migration, its events in global order, the stored rows exactly as hashed, and a verification
 * of the hash chains and of the global positions that places a bad event by its position.
 */
export class SqlAuditTrail {
  constructor(private readonly store: SqlEventStore) {}

  private get tables() {
    return this.store.schema;
  }

  /**
   * `migration-<id>` first, then any other stream whose events name the migration in their
   * data (`migrationId`), so events another aggregate recorded about it are audited too.
   */
  async streamsOf(migrationId: string): Promise<string[]> {
    const main = migrationStreamId(migrationId);
    const { rows } = await this.store.sql.query<{ stream_id: string; main: boolean }>(
      `SELECT DISTINCT stream_id, stream_id = $2 AS main FROM ${this.tables.events}
        WHERE stream_id = $2 OR data->>'migrationId' = $1
        ORDER BY main DESC, stream_id`,
      [migrationId, main],
    );
    if (rows[0]?.stream_id !== main) {
      throw new SenseiError('MIGRATION.NOT_FOUND', `migration ${migrationId} does not exist`, {
        migrationId,
      });
    }
    return rows.map((row) => row.stream_id);
  }

  /** Every event of the migration's streams, in global order, upcast as readers see them. */
  async events(streamIds: readonly string[]): Promise<RecordedEvent[]> {
    const streams = await Promise.all(streamIds.map((id) => this.store.readStream(id)));
    return streams.flat().sort((a, b) => a.position - b.position);
  }

  /** A stream's rows exactly as stored and hashed (no upcasting), by revision. */
  async storedEvents(streamId: string): Promise<BundleEvent[]> {
    const { rows } = await this.store.sql.query<EventRow>(
      `SELECT ${eventColumns} FROM ${this.tables.events} WHERE stream_id = $1 ORDER BY revision`,
      [streamId],
    );
    return rows.map((row) => ({
      position: Number(row.position),
      revision: Number(row.revision),
      id: row.event_id,
      type: row.type,
      schemaVersion: row.schema_version,
      // Plain JSON again: the driver may hand objects of another realm, which JCS refuses.
      data: asPlainJson(row.data),
      metadata: asPlainJson(row.metadata),
      hash: row.hash,
      prevHash: row.prev_hash,
      recordedAt: new Date(row.recorded_at).toISOString(),
    }));
  }

  /** Every stream in the store, those with a head and those with rows only. */
  async allStreams(): Promise<string[]> {
    const { rows } = await this.store.sql.query<{ stream_id: string }>(
      `SELECT stream_id FROM ${this.tables.streams}
        UNION SELECT DISTINCT stream_id FROM ${this.tables.events} ORDER BY stream_id`,
    );
    return rows.map((row) => row.stream_id);
  }

  /**
   * Recomputes the hash chain of each stream (the store's `verifyStream`) and checks that the
   * global positions run from 1 to the head without a gap: an edited row fails its stream's
   * chain, a deleted row leaves a gap even where its stream's chain cannot tell.
   */
  async verify(streamIds: readonly string[]): Promise<StoreVerdict> {
    const headPosition = await this.store.headPosition();
    let events = 0;
    for (const streamId of streamIds) {
      const verification = await this.store.verifyStream(streamId);
      if (!verification.ok) {
        const problem = await this.placed(verification);
        return { ok: false, problem, streams: [...streamIds], events, headPosition };
      }
      events += verification.eventCount;
    }
    const gap = await this.firstMissingPosition(headPosition);
    const verdict = { streams: [...streamIds], events, headPosition };
    if (gap === undefined) return { ok: true, ...verdict };
    const message = `position ${gap} is missing from the global log (it runs to ${headPosition}): an event was deleted`;
    return { ok: false, problem: { reason: 'position_gap', position: gap, message }, ...verdict };
  }

  private async positionOf(streamId: string, revision: number): Promise<number | undefined> {
    const { rows } = await this.store.sql.query<{ position: Count }>(
      `SELECT position FROM ${this.tables.events} WHERE stream_id = $1 AND revision = $2`,
      [streamId, revision],
    );
    return rows[0] === undefined ? undefined : Number(rows[0].position);
  }

  private async placed(failure: ChainFailure): Promise<StoreProblem> {
    const { streamId, firstBadRevision: revision, reason, detail } = failure;
    const position = await this.positionOf(streamId, revision);
    const where =
      position === undefined
        ? `stream ${streamId} revision ${revision}`
        : `stream ${streamId} at position ${position} (revision ${revision})`;
    return {
      reason,
      streamId,
      revision,
      ...(position === undefined ? {} : { position }),
      message: `${where}: ${detail}`,
    };
  }

  /** The first position from 1 to the head with no event, if any. */
  private async firstMissingPosition(headPosition: number): Promise<number | undefined> {
    const events = this.tables.events;
    const { rows } = await this.store.sql.query<{ n: Count; lo: Count | null; hi: Count | null }>(
      `SELECT count(*) AS n, min(position) AS lo, max(position) AS hi FROM ${events}`,
    );
    const count = Number(rows[0]?.n ?? 0);
    const lo = Number(rows[0]?.lo ?? 0);
    const hi = Number(rows[0]?.hi ?? 0);
    if (count === headPosition && (count === 0 || (lo === 1 && hi === headPosition)))
      return undefined;
    if (count > 0 && lo > 1) return 1;
    const gap = await this.store.sql.query<{ missing: Count }>(
      `SELECT e.position + 1 AS missing FROM ${events} e
        WHERE NOT EXISTS (SELECT 1 FROM ${events} n WHERE n.position = e.position + 1)
        ORDER BY e.position LIMIT 1`,
    );
    const missing = gap.rows[0] === undefined ? 1 : Number(gap.rows[0].missing);
    return missing <= headPosition ? missing : undefined;
  }
}

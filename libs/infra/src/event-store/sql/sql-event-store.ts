import { SenseiError, isSenseiError } from '@sensei/domain';
import type { SqlClient } from '../../sql/sql-client';
import {
  EventStore,
  type AppendOptions,
  type AppendResult,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamVerification,
  type SubscribeOptions,
  type Subscription,
  type Upcaster,
} from '../event-store.port';
import { AppendSignal } from './append-signal';
import { validateAppend, type ValidatedAppend } from './append-validation';
import type { AppendOutcome } from './append-plan';
import { EventStoreSchema } from './event-store-schema';
import { GroupCommitQueue } from './group-commit-queue';
import { startPollingSubscription } from './polling-subscription';
import { eventColumns, toRecordedEvent, type EventRow } from './recorded-event-row';
import { verifyStoredStream, type StoredEventForVerification } from './stream-verifier';
import { SqlAppendWriter, isUnavailable } from './sql-append-writer';
import { UpcasterChain } from './upcaster-chain';

export interface SqlEventStoreOptions {
  /** PostgreSQL schema holding the tables (default `sensei`). */
  schema?: string;
  /** Applied on every read path, from the stored schema version to the latest. */
  upcasters?: Upcaster[];
  /** Most appends flushed in one transaction (default 256). */
  maxBatchSize?: number;
  /** Longest wait of a caught-up subscription between reads (default 100 ms). */
  pollIntervalMs?: number;
  /** Whether `close()` also closes the SqlClient (default true). */
  ownsClient?: boolean;
}

const unlimited = null;
/** Where a backwards read starts by default: past the last revision or position. */
const end = Number.MAX_SAFE_INTEGER;

/**
 * The event store for PostgreSQL and PGlite: one SQL code path over the `SqlClient` port.
 * Appends go through a group-commit queue: one writer flushes concurrent appends in batches,
 * usually as one statement planned from cached stream heads, else under the position lock.
 */
export class SqlEventStore extends EventStore {
  readonly schema: EventStoreSchema;
  /** Pulsed after local appends and on NOTIFY from other processes; see `listenForAppends`. */
  readonly appendSignal = new AppendSignal();
  readonly pollIntervalMs: number;
  private readonly upcasters: UpcasterChain;
  private readonly appends: GroupCommitQueue<ValidatedAppend, AppendResult>;
  private readonly writer: SqlAppendWriter;
  private readonly subscriptions = new Set<Subscription>();
  private readonly ownsClient: boolean;
  private unlisten: Promise<(() => Promise<void>) | undefined> | undefined;
  private closed = false;

  constructor(
    readonly sql: SqlClient,
    options: SqlEventStoreOptions = {},
  ) {
    super();
    this.schema = new EventStoreSchema(options.schema);
    this.upcasters = new UpcasterChain(options.upcasters);
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.ownsClient = options.ownsClient ?? true;
    this.writer = new SqlAppendWriter(sql, this.schema);
    this.appends = new GroupCommitQueue((batch) => this.flush(batch), options.maxBatchSize ?? 256);
  }

  /** Creates the schema and tables if missing; safe to run from many processes at once. */
  async migrate(): Promise<void> {
    await this.schema.migrate(this.sql);
  }

  override async append(
    streamId: string,
    events: NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    this.assertOpen();
    return this.appends.submit(validateAppend(streamId, events, options.expectedRevision));
  }

  override async readStream(
    streamId: string,
    options: ReadStreamOptions = {},
  ): Promise<RecordedEvent[]> {
    const forwards = options.direction !== 'backwards';
    const from = options.fromRevision ?? (forwards ? 0 : end);
    const { rows } = await this.sql.query<EventRow>(
      `SELECT ${eventColumns} FROM ${this.schema.events}
        WHERE stream_id = $1 AND revision ${forwards ? '>=' : '<='} $2
        ORDER BY revision ${forwards ? 'ASC' : 'DESC'} LIMIT $3`,
      [streamId, from, options.maxCount ?? unlimited],
    );
    return rows.map((row) => toRecordedEvent(row, this.upcasters));
  }

  override async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const forwards = options.direction !== 'backwards';
    const from = options.fromPosition || (forwards ? 0 : end);
    const { rows } = await this.sql.query<EventRow>(
      `SELECT ${eventColumns} FROM ${this.schema.events}
        WHERE position ${forwards ? '>' : '<'} $1
        ORDER BY position ${forwards ? 'ASC' : 'DESC'} LIMIT $2`,
      [from, options.maxCount ?? unlimited],
    );
    return rows.map((row) => toRecordedEvent(row, this.upcasters));
  }

  override subscribeToAll(
    handler: (event: RecordedEvent) => Promise<void> | void,
    options: SubscribeOptions & { onError?: (error: unknown) => void } = {},
  ): Subscription {
    this.assertOpen();
    void this.listenForAppends();
    const subscription = startPollingSubscription({
      read: (position, maxCount) => this.readAll({ fromPosition: position, maxCount }),
      signal: this.appendSignal,
      handler,
      fromPosition: options.fromPosition ?? 0,
      batchSize: options.batchSize ?? 256,
      pollIntervalMs: this.pollIntervalMs,
      onError: options.onError,
    });
    this.subscriptions.add(subscription);
    return {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await subscription.stop();
      },
    };
  }

  override async verifyStream(streamId: string): Promise<StreamVerification> {
    // Head first: rows read afterwards include at least everything the head accounts for.
    const head = await this.sql.query<{
      revision: string | number;
      last_position: string | number;
      last_hash: string;
    }>(
      `SELECT revision, last_position, last_hash FROM ${this.schema.streams} WHERE stream_id = $1`,
      [streamId],
    );
    const headRow = head.rows[0];
    const { rows } = await this.sql.query<StoredEventForVerification>(
      `SELECT event_id, revision, type, schema_version, data, metadata, hash, prev_hash
         FROM ${this.schema.events} WHERE stream_id = $1 AND revision <= $2 ORDER BY revision`,
      [streamId, headRow ? headRow.revision : end],
    );
    const streamHead = headRow && {
      revision: Number(headRow.revision),
      lastPosition: Number(headRow.last_position),
      lastHash: headRow.last_hash,
    };
    return verifyStoredStream(streamId, streamHead, rows);
  }

  /** The position of the last committed event (0 when the log is empty). */
  async headPosition(): Promise<number> {
    const { rows } = await this.sql.query<{ position: string | number }>(
      `SELECT position FROM ${this.schema.globalPosition}`,
    );
    return Number(rows[0]?.position ?? 0);
  }

  /**
   * Wakes `appendSignal` on appends by other processes too (LISTEN), where the client supports
   * it; resolves once listening. Idempotent. Without it (or while it is down), tailing readers
   * still see those events on their next poll.
   */
  async listenForAppends(): Promise<void> {
    if (!this.sql.listen) return;
    this.unlisten ??= this.sql
      .listen(this.schema.appendChannel, () => this.appendSignal.notify())
      .catch(() => {
        this.unlisten = undefined;
        return undefined;
      });
    await this.unlisten;
  }

  override async ping(): Promise<void> {
    this.assertOpen();
    try {
      await this.sql.query('SELECT 1');
    } catch (error) {
      if (isSenseiError(error)) throw error;
      throw new SenseiError('EVENT_STORE.UNAVAILABLE', `${this.sql.description} does not answer`, {
        cause: String(error),
      });
    }
  }

  override async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.appends.idle();
    const unlisten = await this.unlisten;
    await unlisten?.().catch(() => undefined);
    if (this.ownsClient) await this.sql.close();
  }

  private async flush(batch: ValidatedAppend[]): Promise<AppendOutcome[]> {
    try {
      const plan = await this.writer.write(batch);
      if (plan.rows.length > 0) this.appendSignal.notify();
      return plan.outcomes;
    } catch (error) {
      // A bad request (say, JSON the database refuses) must not fail the others in its batch;
      // a lost connection fails them all, retrying would not help.
      if (isUnavailable(error) || batch.length === 1) throw error;
      const outcomes: AppendOutcome[] = [];
      for (const append of batch) {
        const [outcome] = await this.flush([append]).catch((failure: unknown) => [
          { ok: false as const, error: failure as Error },
        ]);
        outcomes.push(outcome ?? { ok: false, error: new Error('append lost') });
      }
      return outcomes;
    }
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new SenseiError(
        'EVENT_STORE.UNAVAILABLE',
        `the event store on ${this.sql.description} is closed`,
      );
    }
  }
}

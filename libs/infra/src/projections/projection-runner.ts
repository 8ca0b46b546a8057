import { isSenseiError } from '@sensei/domain';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { SqlClient, SqlExecutor } from '../sql/sql-client';
import type { EventFeed } from './event-feed';
import type { Projection, ProjectionBuild } from './projection';
import { switchLive } from './projection-builds';
import { parkedTable, statusTable, type BuildState } from './read-catalog';
import { applyIsolated, describeError, type ParkedEvent } from './isolate-failures';

export interface ProjectionRetryPolicy {
  /** Tries of a failing batch before its events are isolated and the culprits parked (default 5). */
  attempts: number;
  /** First wait between tries, doubled each time (default 20 ms). */
  baseDelayMs: number;
}

export interface ProjectionRunnerOptions {
  /** Events per transaction (default 1000). */
  batchSize?: number;
  retry?: Partial<ProjectionRetryPolicy>;
  /** Longest wait for new events when caught up, in case no wake-up arrives (default 1000 ms). */
  idleWaitMs?: number;
  /** After each committed batch of a live build, with the events it applied (parked ones left out). */
  onApplied?: (events: readonly RecordedEvent[], build: ProjectionBuild) => void;
  /** After each committed batch of any build, building or live: for progress reports. */
  onProgress?: (build: ProjectionBuild, position: number, state: BuildState) => void;
  /** After this build went live; `retiredSchemas` are the previous builds' schemas, to drop. */
  onSwitched?: (build: ProjectionBuild, retiredSchemas: string[]) => Promise<void> | void;
  /** When this build was found retired (another build went live): the runner has stopped. */
  onRetired?: (build: ProjectionBuild) => void;
  log?: (line: string) => void;
}

type BatchOutcome =
  | { kind: 'applied'; position: number; state: BuildState; applied: RecordedEvent[] }
  | { kind: 'moved'; position: number }
  | { kind: 'retired' };

const maxLoopDelayMs = 5000;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

const isUnavailable = (error: unknown) =>
  isSenseiError(error) && error.code === 'EVENT_STORE.UNAVAILABLE';

/**
 * Runs one build of a projection: reads a batch after its checkpoint from the feed, then in ONE
 * transaction of the read database applies it and moves the checkpoint (the status row, locked
 * and re-checked, so two runners never apply a batch twice). A building build switches the
 * views in `read` to itself in the transaction of the batch that catches it up.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private readonly retry: ProjectionRetryPolicy;
  private position: number | undefined;
  private state: BuildState;
  private failure: string | undefined;
  private tailing: { abort: AbortController; done: Promise<void> } | undefined;

  constructor(
    private readonly feed: EventFeed,
    private readonly sql: SqlClient,
    private readonly projection: Projection,
    readonly build: ProjectionBuild & { state: BuildState },
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.retry = { attempts: 5, baseDelayMs: 20, ...options.retry };
    this.state = build.state;
  }

  /** What is failing right now (retried), if anything; cleared by the next committed batch. */
  get currentError(): string | undefined {
    return this.failure;
  }

  /** Applies everything committed so far (switching live if building); no tailing. */
  async runUntilCaughtUp(): Promise<'caught-up' | 'retired'> {
    for (;;) {
      const step = await this.step();
      if (step !== 'more') return step;
    }
  }

  /** Catches up, then keeps applying new events as they arrive, until stop() or retirement. */
  start(): void {
    if (this.tailing) return;
    const abort = new AbortController();
    this.tailing = { abort, done: this.tail(abort.signal) };
  }

  /** Resolves once the batch in flight, if any, has committed or rolled back. */
  async stop(): Promise<void> {
    const tailing = this.tailing;
    this.tailing = undefined;
    tailing?.abort.abort();
    await tailing?.done;
  }

  private async tail(stopped: AbortSignal): Promise<void> {
    let failures = 0;
    while (!stopped.aborted) {
      try {
        const step = await this.step();
        failures = 0;
        if (step === 'retired') {
          this.options.onRetired?.(this.build);
          return;
        }
        if (step === 'caught-up') {
          await this.feed.waitForEvents(
            this.position ?? 0,
            this.options.idleWaitMs ?? 1000,
            stopped,
          );
        }
      } catch (error) {
        // The feed or the read database is down, or a switch failed: report, back off, re-read.
        failures += 1;
        this.failure = describeError(error);
        this.position = undefined;
        this.options.log?.(`projection ${this.build.checkpoint}: ${this.failure}`);
        const delay = Math.min(this.retry.baseDelayMs * 2 ** failures, maxLoopDelayMs);
        await sleep(delay, stopped);
      }
    }
  }

  private async step(): Promise<'more' | 'caught-up' | 'retired'> {
    this.position ??= await this.readPosition();
    if (this.position === undefined) return 'retired';
    const from = this.position;
    const events = await this.feed.read(from, this.batchSize);
    const caughtUp = events.length < this.batchSize;
    if (events.length === 0 && this.state === 'live') return 'caught-up';
    const outcome = await this.commit(from, events, caughtUp);
    if (outcome.kind === 'retired') return 'retired';
    this.position = outcome.position;
    if (outcome.kind === 'moved') return 'more';
    this.failure = undefined;
    if (outcome.state === 'live' && outcome.applied.length > 0) {
      this.options.onApplied?.(outcome.applied, this.build);
    }
    return caughtUp ? 'caught-up' : 'more';
  }

  private async readPosition(): Promise<number | undefined> {
    const { rows } = await this.sql.query<{ position: string | number; state: BuildState }>(
      `SELECT position, state FROM ${statusTable} WHERE checkpoint = $1`,
      [this.build.checkpoint],
    );
    const row = rows[0];
    if (!row || row.state === 'retired') return undefined;
    this.state = row.state;
    return Number(row.position);
  }

  /** The batch as a whole, retried with backoff; then event by event, parking the culprits. */
  private async commit(from: number, events: RecordedEvent[], caughtUp: boolean) {
    for (let attempt = 1; attempt <= this.retry.attempts; attempt += 1) {
      try {
        return await this.transaction(from, events, caughtUp, 'whole');
      } catch (error) {
        if (isUnavailable(error)) throw error;
        this.failure = describeError(error);
        if (attempt < this.retry.attempts) {
          await sleep(this.retry.baseDelayMs * 2 ** (attempt - 1));
        }
      }
    }
    return this.transaction(from, events, caughtUp, 'isolated');
  }

  private async transaction(
    from: number,
    events: RecordedEvent[],
    caughtUp: boolean,
    mode: 'whole' | 'isolated',
  ): Promise<BatchOutcome> {
    const outcome = await this.sql.transaction(
      async (tx): Promise<BatchOutcome & { retired?: string[] }> => {
        // A read model can always be rebuilt from the log, and its checkpoint commits with it: a
        // commit lost to a database crash is applied again, so no batch waits for the WAL flush.
        const { rows } = await tx.query<{ position: string | number; state: BuildState }>(
          `SELECT set_config('synchronous_commit', 'off', true), position, state
             FROM ${statusTable} WHERE checkpoint = $1 FOR UPDATE`,
          [this.build.checkpoint],
        );
        const row = rows[0];
        if (!row || row.state === 'retired') return { kind: 'retired' };
        if (Number(row.position) !== from) return { kind: 'moved', position: Number(row.position) };
        const parked = await this.applyBatch(tx, events, mode);
        let state = row.state;
        let retired: string[] | undefined;
        if (state === 'building' && caughtUp) {
          retired = await switchLive(tx, this.projection, this.build);
          state = 'live';
        }
        const last = events[events.length - 1];
        const lastParked = parked[parked.length - 1];
        await tx.query(
          `UPDATE ${statusTable} SET position = $2, last_event_at = COALESCE($3, last_event_at),
           updated_at = now(), parked_count = parked_count + $4, last_error = COALESCE($5, last_error)
         WHERE checkpoint = $1`,
          [
            this.build.checkpoint,
            last?.position ?? from,
            last?.recordedAt ?? null,
            parked.length,
            lastParked
              ? `position ${lastParked.event.position} (${lastParked.event.type}): ${lastParked.error}`
              : null,
          ],
        );
        const parkedIds = new Set(parked.map((each) => each.event.id));
        const applied = events.filter((event) => !parkedIds.has(event.id));
        return { kind: 'applied', position: last?.position ?? from, state, applied, retired };
      },
    );
    if (outcome.kind === 'applied') {
      this.state = outcome.state;
      this.options.onProgress?.(this.build, outcome.position, outcome.state);
      if (outcome.retired) {
        this.options.log?.(
          `projection ${this.build.checkpoint}: live in schema ${this.build.schema}`,
        );
        await this.options.onSwitched?.(this.build, outcome.retired);
      }
    }
    return outcome;
  }

  private async applyBatch(
    tx: SqlExecutor,
    events: RecordedEvent[],
    mode: 'whole' | 'isolated',
  ): Promise<ParkedEvent[]> {
    if (events.length === 0) return [];
    const apply = (batch: readonly RecordedEvent[]) =>
      this.projection.apply(batch, tx, this.build.schema);
    if (mode === 'whole') {
      await apply(events);
      return [];
    }
    const parked = await applyIsolated(tx, events, apply);
    for (const { event, error } of parked) {
      this.options.log?.(
        `projection ${this.build.checkpoint}: parked event ${event.position} (${event.type}): ${error}`,
      );
      await tx.query(
        `INSERT INTO ${parkedTable}
           (projection, version, checkpoint, position, event_id, event_type, error, attempts)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (checkpoint, position) DO UPDATE
           SET error = EXCLUDED.error, attempts = ${parkedTable}.attempts + EXCLUDED.attempts,
               parked_at = now()`,
        [
          this.build.name,
          this.build.version,
          this.build.checkpoint,
          event.position,
          event.id,
          event.type,
          error,
          this.retry.attempts + 1,
        ],
      );
    }
    return parked;
  }
}

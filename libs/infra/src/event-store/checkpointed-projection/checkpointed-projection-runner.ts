import { isSenseiError } from '@sensei/domain';
import type { SqlEventStore } from '../sql/sql-event-store';
import type { CheckpointedProjection } from './checkpointed-projection';

export interface CheckpointedProjectionRunnerOptions {
  /** Events per transaction (default 100). */
  batchSize?: number;
  /** Called when tailing stops on an error (the projection failed, or a non-transient error). */
  onError?: (error: unknown) => void;
}

const maxRetryDelayMs = 5000;

/**
 * Runs a projection from its checkpoint: read a batch after the checkpoint, then in ONE
 * transaction apply it and move the checkpoint. The checkpoint row is locked and re-checked in
 * that transaction, so two runners of the same projection never apply a batch twice.
 */
export class CheckpointedProjectionRunner {
  private readonly batchSize: number;
  private tailing: { abort: AbortController; done: Promise<void> } | undefined;

  constructor(
    private readonly store: SqlEventStore,
    private readonly projection: CheckpointedProjection,
    private readonly options: CheckpointedProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 100;
  }

  /** The position of the last event this projection applied (0 before the first). */
  async checkpoint(): Promise<number> {
    const { rows } = await this.store.sql.query<{ position: string | number }>(
      `SELECT position FROM ${this.store.schema.checkpoints} WHERE name = $1`,
      [this.projection.name],
    );
    return Number(rows[0]?.position ?? 0);
  }

  /** Applies everything committed so far, batch by batch; resolves to the final checkpoint. */
  async runUntilCaughtUp(): Promise<number> {
    let checkpoint = await this.checkpoint();
    for (;;) {
      const next = await this.applyNextBatch(checkpoint);
      if (next === undefined) return checkpoint;
      checkpoint = next;
    }
  }

  /** Catches up, then keeps applying new events as they are appended, until `stop()`. */
  start(): void {
    if (this.tailing) return;
    const abort = new AbortController();
    void this.store.listenForAppends();
    const done = this.tail(abort.signal).catch((error: unknown) => {
      abort.abort();
      this.options.onError?.(error);
    });
    this.tailing = { abort, done };
  }

  /** Resolves once the current batch (if any) has committed or rolled back and tailing ended. */
  async stop(): Promise<void> {
    const tailing = this.tailing;
    this.tailing = undefined;
    tailing?.abort.abort();
    await tailing?.done;
  }

  private async tail(stopped: AbortSignal): Promise<void> {
    const signal = this.store.appendSignal;
    let failures = 0;
    let checkpoint: number | undefined;
    while (!stopped.aborted) {
      const generation = signal.generation;
      try {
        checkpoint ??= await this.checkpoint();
        const next = await this.applyNextBatch(checkpoint);
        failures = 0;
        if (next !== undefined) {
          checkpoint = next;
          continue;
        }
        await signal.wait(generation, this.store.pollIntervalMs, stopped);
      } catch (error) {
        if (!isSenseiError(error) || error.code !== 'EVENT_STORE.UNAVAILABLE') throw error;
        failures += 1;
        checkpoint = undefined;
        const delay = Math.min(this.store.pollIntervalMs * 2 ** failures, maxRetryDelayMs);
        await signal.wait(generation, delay, stopped);
      }
    }
  }

  /**
   * Applies the batch after `from`; resolves to the new checkpoint, to the one another runner
   * moved it to, or to undefined when there was nothing to apply.
   */
  private async applyNextBatch(from: number): Promise<number | undefined> {
    const events = await this.store.readAll({ fromPosition: from, maxCount: this.batchSize });
    const last = events[events.length - 1];
    if (!last) return undefined;
    const { checkpoints } = this.store.schema;
    return this.store.sql.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO ${checkpoints} (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`,
        [this.projection.name],
      );
      const locked = await tx.query<{ position: string | number }>(
        `SELECT position FROM ${checkpoints} WHERE name = $1 FOR UPDATE`,
        [this.projection.name],
      );
      const current = Number(locked.rows[0]?.position ?? 0);
      if (current !== from) return current;
      await this.projection.handle(events, tx);
      await tx.query(
        `UPDATE ${checkpoints} SET position = $2, updated_at = now() WHERE name = $1`,
        [this.projection.name, last.position],
      );
      return last.position;
    });
  }
}

import { isSenseiError } from '@sensei/domain';
import type { SqlClient } from '../../sql/sql-client';
import { planBatch, type BatchPlan } from './append-plan';
import { readHeads, streamIdsOf, writeAppendBatch, writePlannedBatch } from './append-batch-writer';
import type { ValidatedAppend } from './append-validation';
import type { EventStoreSchema } from './event-store-schema';
import { StreamHeadCache } from './stream-head-cache';

export const isUnavailable = (error: unknown): boolean =>
  isSenseiError(error) && error.code === 'EVENT_STORE.UNAVAILABLE';

/**
 * Writes one batch of appends at a time (the group-commit queue's single writer), by the fast
 * path when it can and under the position lock otherwise. Both end in `writePlannedBatch`.
 */
export class SqlAppendWriter {
  private readonly headCache = new StreamHeadCache();

  constructor(
    private readonly sql: SqlClient,
    private readonly schema: EventStoreSchema,
  ) {}

  async write(batch: readonly ValidatedAppend[]): Promise<BatchPlan> {
    return (await this.writeOptimistically(batch)) ?? (await this.writeUnderLock(batch));
  }

  /**
   * One or two statements, no explicit transaction: plan from cached stream heads (read without
   * locks when missing) and write only if nothing was appended meanwhile. Undefined means "take
   * the safe path": the state moved, an event id is reused, or the plan rejects an append, which
   * could be an idempotent retry that only the safe path (it reads stored ids) recognises.
   */
  private async writeOptimistically(
    batch: readonly ValidatedAppend[],
  ): Promise<BatchPlan | undefined> {
    const streamIds = streamIdsOf(batch);
    const claimedNew = new Set(
      batch.filter((append) => append.expectedRevision === 'no_stream').map((a) => a.streamId),
    );
    let start = this.headCache.startState(streamIds, claimedNew);
    if (!start) {
      const snapshot = await readHeads(this.sql, this.schema, streamIds);
      this.headCache.remember(snapshot.position, snapshot.heads, snapshot.position);
      start = this.headCache.startState(streamIds, claimedNew);
    }
    if (!start) return undefined;
    const plan = planBatch(batch, start);
    if (plan.rows.length === 0 || plan.outcomes.some((outcome) => !outcome.ok)) return undefined;
    const written = await writePlannedBatch(this.sql, this.schema, plan, start.headPosition).catch(
      (error: unknown) => {
        if (isUnavailable(error)) throw error;
        return false; // a reused event id (unique index), or a request the safe path will isolate
      },
    );
    if (!written) {
      this.headCache.invalidate();
      return undefined;
    }
    this.headCache.remember(plan.headPosition, plan.changedHeads, start.headPosition);
    return plan;
  }

  private async writeUnderLock(batch: readonly ValidatedAppend[]): Promise<BatchPlan> {
    const { plan, startPosition, startHeads } = await this.sql.transaction((tx) =>
      writeAppendBatch(tx, this.schema, batch),
    );
    const knownHeads = new Map([...startHeads, ...plan.changedHeads]);
    this.headCache.remember(plan.headPosition, knownHeads, startPosition);
    return plan;
  }
}

import type { RecordedEvent } from '../event-store/event-store.port';
import type { SqlClient, SqlExecutor } from '../sql/sql-client';
import {
  cursorColumns,
  type CursorRow,
  type DeadLetter,
  deadLetterColumns,
  type DeadLetterRow,
  type DeliveryCursor,
  type DeliveryOutcome,
  toCursor,
  toDeadLetter,
} from './webhook-rows';

/** What one HTTP attempt came to. */
export interface AttemptResult {
  ok: boolean;
  statusCode?: number;
  error?: string;
  durationMs: number;
  attemptedAt: string;
}

export interface AttemptRecord {
  event: Pick<RecordedEvent, 'id' | 'position' | 'type'>;
  attempt: number;
  result: AttemptResult;
  outcome: DeliveryOutcome;
  /** For a failed attempt: when the next one is due. */
  nextAttemptAt?: string;
}

/** Another dispatcher holds this webhook now (our lease expired): stop delivering for it. */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
  constructor(readonly webhookId: string) {
    super(`the delivery lease of webhook ${webhookId} was lost`);
  }
}

const lease = `lease_expires_at = now() + $2::int * interval '1 millisecond'`;

// $1 webhook, $2 lease ms, $3 owner, $4 expected position, $5 outcome, $6 event position,
// $7 attempt, $8 status, $9 error, $10 attempted at, $11 next attempt. Guarded on owner and
// position: with a lost lease nothing moves.
const moveCursor = `UPDATE webhook_cursors SET
    position = CASE WHEN $5::text = 'failed' THEN position ELSE $6::bigint END,
    delivered_count = delivered_count + CASE WHEN $5::text = 'delivered' THEN 1 ELSE 0 END,
    failed_attempts = failed_attempts + CASE WHEN $5::text = 'delivered' THEN 0 ELSE 1 END,
    dead_letter_count = dead_letter_count + CASE WHEN $5::text = 'dead_lettered' THEN 1 ELSE 0 END,
    pending_position = CASE WHEN $5::text = 'failed' THEN $6::bigint END,
    pending_attempts = CASE WHEN $5::text = 'failed' THEN $7::int ELSE 0 END,
    next_attempt_at = $11::timestamptz,
    last_status_code = $8::int, last_error = $9::text, last_attempt_at = $10::timestamptz,
    last_delivered_at = CASE WHEN $5::text = 'delivered' THEN $10::timestamptz
                             ELSE last_delivered_at END,
    ${lease}, updated_at = now()
  WHERE webhook_id = $1 AND lease_owner = $3 AND position = $4`;

const insertDelivery = `INSERT INTO webhook_deliveries (webhook_id, event_position, event_id,
    event_type, attempt, outcome, redrive, status_code, error, duration_ms, attempted_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`;

const insertDeadLetter = `INSERT INTO webhook_dead_letters (webhook_id, event_position, event_id,
    event_type, attempts, last_status_code, last_error, state, dead_lettered_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, 'dead', $8)
  ON CONFLICT (webhook_id, event_position) DO NOTHING`;

// $1 webhook, $2 event position, $3 outcome, $4 attempted at, $5 status, $6 error.
const updateRedriven = `UPDATE webhook_dead_letters SET
    attempts = attempts + 1, last_status_code = $5::int, last_error = $6::text,
    state = CASE $3::text WHEN 'delivered' THEN 'redelivered' WHEN 'dead_lettered' THEN 'dead'
                          ELSE state END,
    redelivered_at = CASE WHEN $3::text = 'delivered' THEN $4::timestamptz ELSE redelivered_at END,
    dead_lettered_at = CASE WHEN $3::text = 'dead_lettered' THEN $4::timestamptz
                            ELSE dead_lettered_at END,
    redrive_requested_at = CASE WHEN $3::text = 'dead_lettered' THEN NULL
                                ELSE redrive_requested_at END
  WHERE webhook_id = $1 AND event_position = $2 AND state = 'redriving'`;

/**
 * The dispatcher's side of the webhook tables: a lease per webhook (one delivering process
 * even with several API instances on one PostgreSQL), and every attempt recorded in the same
 * transaction as the cursor move it causes.
 */
export class WebhookDeliveryLedger {
  constructor(
    private readonly sql: SqlClient,
    /** This dispatcher's id in `lease_owner`. */
    readonly owner: string,
    readonly leaseMs: number,
  ) {}

  /** Takes the webhook's lease (creating its cursor at `startPosition`); undefined when held. */
  async acquire(webhookId: string, startPosition: number): Promise<DeliveryCursor | undefined> {
    await this.sql.query(
      `INSERT INTO webhook_cursors (webhook_id, position) VALUES ($1, $2)
       ON CONFLICT (webhook_id) DO NOTHING`,
      [webhookId, startPosition],
    );
    const { rows } = await this.sql.query<CursorRow>(
      `UPDATE webhook_cursors SET lease_owner = $3, ${lease}
       WHERE webhook_id = $1
         AND (lease_owner IS NULL OR lease_owner = $3 OR lease_expires_at < now())
       RETURNING ${cursorColumns}`,
      [webhookId, this.leaseMs, this.owner],
    );
    return rows[0] && toCursor(rows[0]);
  }

  async renew(webhookId: string): Promise<void> {
    const { rowCount } = await this.sql.query(
      `UPDATE webhook_cursors SET ${lease} WHERE webhook_id = $1 AND lease_owner = $3`,
      [webhookId, this.leaseMs, this.owner],
    );
    if (rowCount === 0) throw new LeaseLostError(webhookId);
  }

  async release(webhookId: string): Promise<void> {
    await this.sql.query(
      `UPDATE webhook_cursors SET lease_owner = NULL, lease_expires_at = NULL
       WHERE webhook_id = $1 AND lease_owner = $2`,
      [webhookId, this.owner],
    );
  }

  /** Frees every lease: for a process that knows it is alone on its database (embedded PGlite). */
  async releaseAll(): Promise<void> {
    await this.sql.query(
      `UPDATE webhook_cursors SET lease_owner = NULL, lease_expires_at = NULL
       WHERE lease_owner IS NOT NULL`,
    );
  }

  /** Records an attempt on the next event and moves the cursor accordingly, in one transaction. */
  async recordAttempt(webhookId: string, fromPosition: number, record: AttemptRecord) {
    const { event, attempt, result, outcome } = record;
    await this.sql.transaction(async (tx) => {
      const moved = await tx.query(moveCursor, [
        webhookId,
        this.leaseMs,
        this.owner,
        fromPosition,
        outcome,
        event.position,
        attempt,
        result.statusCode ?? null,
        result.error ?? null,
        result.attemptedAt,
        outcome === 'failed' ? (record.nextAttemptAt ?? null) : null,
      ]);
      if (moved.rowCount === 0) throw new LeaseLostError(webhookId);
      await this.insertDelivery(tx, webhookId, record, false);
      if (outcome === 'dead_lettered') {
        await tx.query(insertDeadLetter, [
          webhookId,
          event.position,
          event.id,
          event.type,
          attempt,
          result.statusCode ?? null,
          result.error ?? null,
          result.attemptedAt,
        ]);
      }
    });
  }

  /** Moves the cursor over events the filter does not match. */
  async skip(webhookId: string, fromPosition: number, toPosition: number): Promise<void> {
    const { rowCount } = await this.sql.query(
      `UPDATE webhook_cursors SET position = $4, ${lease}, updated_at = now()
       WHERE webhook_id = $1 AND lease_owner = $3 AND position = $5`,
      [webhookId, this.leaseMs, this.owner, toPosition, fromPosition],
    );
    if (rowCount === 0) throw new LeaseLostError(webhookId);
  }

  /** Dead letters an operator asked to re-drive, oldest event first. */
  async requestedRedrives(webhookId: string, limit: number): Promise<DeadLetter[]> {
    const { rows } = await this.sql.query<DeadLetterRow>(
      `SELECT ${deadLetterColumns} FROM webhook_dead_letters
       WHERE webhook_id = $1 AND state = 'redriving' ORDER BY event_position LIMIT $2`,
      [webhookId, limit],
    );
    return rows.map(toDeadLetter);
  }

  /** Records an attempt on a re-driven dead letter: redelivered, still failing, or dead again. */
  async recordRedriveAttempt(webhookId: string, record: AttemptRecord): Promise<void> {
    const { event, result, outcome } = record;
    await this.sql.transaction(async (tx) => {
      const held = await tx.query(
        `UPDATE webhook_cursors SET ${lease},
           delivered_count = delivered_count + CASE WHEN $4::boolean THEN 1 ELSE 0 END,
           failed_attempts = failed_attempts + CASE WHEN $4::boolean THEN 0 ELSE 1 END,
           updated_at = now()
         WHERE webhook_id = $1 AND lease_owner = $3`,
        [webhookId, this.leaseMs, this.owner, outcome === 'delivered'],
      );
      if (held.rowCount === 0) throw new LeaseLostError(webhookId);
      await tx.query(updateRedriven, [
        webhookId,
        event.position,
        outcome,
        result.attemptedAt,
        result.statusCode ?? null,
        result.error ?? null,
      ]);
      await this.insertDelivery(tx, webhookId, record, true);
    });
  }

  private async insertDelivery(
    tx: SqlExecutor,
    webhookId: string,
    { event, attempt, result, outcome }: AttemptRecord,
    redrive: boolean,
  ): Promise<void> {
    await tx.query(insertDelivery, [
      webhookId,
      event.position,
      event.id,
      event.type,
      attempt,
      outcome,
      redrive,
      result.statusCode ?? null,
      result.error ?? null,
      Math.round(result.durationMs),
      result.attemptedAt,
    ]);
  }
}

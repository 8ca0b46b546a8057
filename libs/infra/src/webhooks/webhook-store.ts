import type { SqlClient } from '../sql/sql-client';
import {
  cursorColumns,
  type CursorRow,
  type DeadLetter,
  deadLetterColumns,
  type DeadLetterRow,
  type DeadLetterState,
  type DeliveryCursor,
  deliveryColumns,
  type DeliveryLogEntry,
  type DeliveryRow,
  toCursor,
  toDeadLetter,
  toDeliveryLogEntry,
} from './webhook-rows';
import { ensureWebhookTables } from './webhook-tables';

export interface Page<T> {
  items: T[];
  /** Pass as `after` for the next page; absent on the last page. */
  next?: number;
}

const page = <T>(items: T[], limit: number, keyOf: (item: T) => number): Page<T> => {
  const last = items.at(-1);
  return items.length === limit && last ? { items, next: keyOf(last) } : { items };
};

/**
 * The management side of the webhook tables: secrets (the one thing about a webhook that is not
 * in the event log), delivery status, the delivery log, dead letters and their re-drive.
 */
export class WebhookStore {
  constructor(private readonly sql: SqlClient) {}

  ensureSchema(): Promise<void> {
    return ensureWebhookTables(this.sql);
  }

  async saveSecret(webhookId: string, secret: string, createdAt: string): Promise<void> {
    await this.sql.query(
      `INSERT INTO webhook_secrets (webhook_id, secret, created_at) VALUES ($1, $2, $3)`,
      [webhookId, secret, createdAt],
    );
  }

  async secretOf(webhookId: string): Promise<string | undefined> {
    const { rows } = await this.sql.query<{ secret: string | null }>(
      `SELECT secret FROM webhook_secrets WHERE webhook_id = $1`,
      [webhookId],
    );
    return rows[0]?.secret ?? undefined;
  }

  /** Once a webhook is deleted its secret is of no use to anyone: it is erased. */
  async eraseSecret(webhookId: string): Promise<void> {
    await this.sql.query(`UPDATE webhook_secrets SET secret = NULL WHERE webhook_id = $1`, [
      webhookId,
    ]);
  }

  /** Every webhook ever registered here, oldest first; `withSecret`: only those not deleted. */
  async webhookIds(options: { withSecret?: boolean } = {}): Promise<string[]> {
    const { rows } = await this.sql.query<{ webhook_id: string }>(
      `SELECT webhook_id FROM webhook_secrets
       ${options.withSecret ? 'WHERE secret IS NOT NULL' : ''}
       ORDER BY created_at, webhook_id`,
    );
    return rows.map((row) => row.webhook_id);
  }

  /** Undefined until the dispatcher first took the webhook on. */
  async cursorOf(webhookId: string): Promise<DeliveryCursor | undefined> {
    const { rows } = await this.sql.query<CursorRow>(
      `SELECT ${cursorColumns} FROM webhook_cursors WHERE webhook_id = $1`,
      [webhookId],
    );
    return rows[0] && toCursor(rows[0]);
  }

  /** The delivery log in attempt order, after the `deliveryId` given. */
  async deliveries(
    webhookId: string,
    { after = 0, limit }: { after?: number; limit: number },
  ): Promise<Page<DeliveryLogEntry>> {
    const { rows } = await this.sql.query<DeliveryRow>(
      `SELECT ${deliveryColumns} FROM webhook_deliveries
       WHERE webhook_id = $1 AND delivery_id > $2 ORDER BY delivery_id LIMIT $3`,
      [webhookId, after, limit],
    );
    return page(rows.map(toDeliveryLogEntry), limit, (entry) => entry.deliveryId);
  }

  /** Dead letters in event order, after the position given; optionally in one state. */
  async deadLetters(
    webhookId: string,
    { after = 0, limit, state }: { after?: number; limit: number; state?: DeadLetterState },
  ): Promise<Page<DeadLetter>> {
    const { rows } = await this.sql.query<DeadLetterRow>(
      `SELECT ${deadLetterColumns} FROM webhook_dead_letters
       WHERE webhook_id = $1 AND event_position > $2 AND ($3::text IS NULL OR state = $3::text)
       ORDER BY event_position LIMIT $4`,
      [webhookId, after, state ?? null, limit],
    );
    return page(rows.map(toDeadLetter), limit, (letter) => letter.position);
  }

  /**
   * Marks dead letters (all, or the one at `position`) for re-delivery; the dispatcher picks
   * them up in event order. Resolves to the positions marked.
   */
  async requestRedrive(webhookId: string, position?: number): Promise<number[]> {
    const { rows } = await this.sql.query<{ event_position: string | number }>(
      `UPDATE webhook_dead_letters SET state = 'redriving', redrive_requested_at = now()
       WHERE webhook_id = $1 AND state = 'dead' AND ($2::bigint IS NULL OR event_position = $2)
       RETURNING event_position`,
      [webhookId, position ?? null],
    );
    return rows.map((row) => Number(row.event_position)).sort((a, b) => a - b);
  }
}

import { isoTimestamp } from '../auth/sql-timestamps';

/** Where a webhook's deliveries stand. */
export interface DeliveryCursor {
  webhookId: string;
  /** Last event handled: delivered, dead-lettered, or not matching the filter. */
  position: number;
  deliveredCount: number;
  failedAttempts: number;
  deadLetterCount: number;
  /** The matching event now being retried. */
  pending?: { position: number; attempts: number; nextAttemptAt?: string };
  lastStatusCode?: number;
  lastError?: string;
  lastAttemptAt?: string;
  lastDeliveredAt?: string;
  updatedAt: string;
}

export type DeliveryOutcome = 'delivered' | 'failed' | 'dead_lettered';

/** One HTTP attempt, as the delivery log records it. */
export interface DeliveryLogEntry {
  deliveryId: number;
  webhookId: string;
  position: number;
  eventId: string;
  eventType: string;
  attempt: number;
  outcome: DeliveryOutcome;
  /** True for an attempt of a re-driven dead letter. */
  redrive: boolean;
  statusCode?: number;
  error?: string;
  durationMs: number;
  attemptedAt: string;
}

export type DeadLetterState = 'dead' | 'redriving' | 'redelivered';

export interface DeadLetter {
  webhookId: string;
  position: number;
  eventId: string;
  eventType: string;
  attempts: number;
  lastStatusCode?: number;
  lastError?: string;
  state: DeadLetterState;
  deadLetteredAt: string;
  redriveRequestedAt?: string;
  redeliveredAt?: string;
}

type Nullable = string | number | null;

export interface CursorRow {
  webhook_id: string;
  position: string | number;
  delivered_count: string | number;
  failed_attempts: string | number;
  dead_letter_count: string | number;
  pending_position: Nullable;
  pending_attempts: number;
  next_attempt_at: unknown;
  last_status_code: number | null;
  last_error: string | null;
  last_attempt_at: unknown;
  last_delivered_at: unknown;
  updated_at: unknown;
}

export interface DeliveryRow {
  delivery_id: string | number;
  webhook_id: string;
  event_position: string | number;
  event_id: string;
  event_type: string;
  attempt: number;
  outcome: DeliveryOutcome;
  redrive: boolean;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  attempted_at: unknown;
}

export interface DeadLetterRow {
  webhook_id: string;
  event_position: string | number;
  event_id: string;
  event_type: string;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  state: DeadLetterState;
  dead_lettered_at: unknown;
  redrive_requested_at: unknown;
  redelivered_at: unknown;
}

export const cursorColumns = `webhook_id, position, delivered_count, failed_attempts,
  dead_letter_count, pending_position, pending_attempts, next_attempt_at, last_status_code,
  last_error, last_attempt_at, last_delivered_at, updated_at`;
export const deliveryColumns = `delivery_id, webhook_id, event_position, event_id, event_type,
  attempt, outcome, redrive, status_code, error, duration_ms, attempted_at`;
export const deadLetterColumns = `webhook_id, event_position, event_id, event_type, attempts,
  last_status_code, last_error, state, dead_lettered_at, redrive_requested_at, redelivered_at`;

const optional = <K extends string, V>(key: K, value: V | null | undefined) =>
  (value === null || value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
const optionalTime = <K extends string>(key: K, value: unknown) =>
  optional(key, value === null || value === undefined ? undefined : isoTimestamp(value));

export const toCursor = (row: CursorRow): DeliveryCursor => ({
  webhookId: row.webhook_id,
  position: Number(row.position),
  deliveredCount: Number(row.delivered_count),
  failedAttempts: Number(row.failed_attempts),
  deadLetterCount: Number(row.dead_letter_count),
  ...(row.pending_position !== null
    ? {
        pending: {
          position: Number(row.pending_position),
          attempts: row.pending_attempts,
          ...optionalTime('nextAttemptAt', row.next_attempt_at),
        },
      }
    : {}),
  ...optional('lastStatusCode', row.last_status_code),
  ...optional('lastError', row.last_error),
  ...optionalTime('lastAttemptAt', row.last_attempt_at),
  ...optionalTime('lastDeliveredAt', row.last_delivered_at),
  updatedAt: isoTimestamp(row.updated_at),
});

export const toDeliveryLogEntry = (row: DeliveryRow): DeliveryLogEntry => ({
  deliveryId: Number(row.delivery_id),
  webhookId: row.webhook_id,
  position: Number(row.event_position),
  eventId: row.event_id,
  eventType: row.event_type,
  attempt: row.attempt,
  outcome: row.outcome,
  redrive: row.redrive,
  ...optional('statusCode', row.status_code),
  ...optional('error', row.error),
  durationMs: row.duration_ms,
  attemptedAt: isoTimestamp(row.attempted_at),
});

export const toDeadLetter = (row: DeadLetterRow): DeadLetter => ({
  webhookId: row.webhook_id,
  position: Number(row.event_position),
  eventId: row.event_id,
  eventType: row.event_type,
  attempts: row.attempts,
  ...optional('lastStatusCode', row.last_status_code),
  ...optional('lastError', row.last_error),
  state: row.state,
  deadLetteredAt: isoTimestamp(row.dead_lettered_at),
  ...optionalTime('redriveRequestedAt', row.redrive_requested_at),
  ...optionalTime('redeliveredAt', row.redelivered_at),
});

import type { SqlClient } from '../sql/sql-client';

/**
 * Delivery state of webhooks, beside `api_keys` and `idempotency_keys`. The cursor row moves
 * in the same transaction as the delivery-log row that justifies it, so a restart resumes right
 * after the last event recorded as delivered or dead-lettered.
 */
const DDL = [
  `CREATE TABLE IF NOT EXISTS webhook_secrets (
    webhook_id text PRIMARY KEY,
    secret text,
    created_at timestamptz NOT NULL
  )`,
  // position: the last event handled (delivered, dead-lettered or not matching the filter).
  // pending_*: the next matching event while it is being retried, so a restart keeps its count.
  // lease_*: the one dispatcher (process) delivering for this webhook.
  `CREATE TABLE IF NOT EXISTS webhook_cursors (
    webhook_id text PRIMARY KEY,
    position bigint NOT NULL,
    delivered_count bigint NOT NULL DEFAULT 0,
    failed_attempts bigint NOT NULL DEFAULT 0,
    dead_letter_count bigint NOT NULL DEFAULT 0,
    pending_position bigint,
    pending_attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_status_code integer,
    last_error text,
    last_attempt_at timestamptz,
    last_delivered_at timestamptz,
    lease_owner text,
    lease_expires_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE IF NOT EXISTS webhook_deliveries (
    delivery_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook_id text NOT NULL,
    event_position bigint NOT NULL,
    event_id text NOT NULL,
    event_type text NOT NULL,
    attempt integer NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('delivered', 'failed', 'dead_lettered')),
    redrive boolean NOT NULL DEFAULT false,
    status_code integer,
    error text,
    duration_ms integer NOT NULL,
    attempted_at timestamptz NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS webhook_deliveries_by_webhook
     ON webhook_deliveries (webhook_id, delivery_id)`,
  `CREATE TABLE IF NOT EXISTS webhook_dead_letters (
    webhook_id text NOT NULL,
    event_position bigint NOT NULL,
    event_id text NOT NULL,
    event_type text NOT NULL,
    attempts integer NOT NULL,
    last_status_code integer,
    last_error text,
    state text NOT NULL CHECK (state IN ('dead', 'redriving', 'redelivered')),
    dead_lettered_at timestamptz NOT NULL,
    redrive_requested_at timestamptz,
    redelivered_at timestamptz,
    PRIMARY KEY (webhook_id, event_position)
  )`,
];

// Serialises concurrent schema creation by several API instances on one PostgreSQL.
const SCHEMA_LOCK = 7_357_005;

export const ensureWebhookTables = async (sql: SqlClient): Promise<void> => {
  await sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    for (const statement of DDL) await tx.query(statement);
  });
};

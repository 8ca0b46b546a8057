import type { SqlClient } from '../sql/sql-client';
import {
  type ClaimOutcome,
  type IdempotencyClaim,
  type IdempotencyRecord,
  IdempotencyStore,
  type IdempotencyTimings,
  type StoredResponse,
} from './idempotency-store.port';

interface IdempotencyRow {
  method: string;
  path: string;
  request_hash: string;
  state: 'in_progress' | 'completed';
  response_status: number | null;
  response_body: unknown;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS idempotency_keys (
    principal text NOT NULL,
    key text NOT NULL,
    method text NOT NULL,
    path text NOT NULL,
    request_hash text NOT NULL,
    state text NOT NULL CHECK (state IN ('in_progress', 'completed')),
    response_status integer,
    response_body jsonb,
    locked_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    completed_at timestamptz,
    PRIMARY KEY (principal, key)
  )`;
const SCHEMA_LOCK = 7_357_002;

// A claim wins when the key is new, when the previous holder died mid-request with the same
// request, or when the previous use is past retention.
const CLAIM = `
  INSERT INTO idempotency_keys
    (principal, key, method, path, request_hash, state, locked_at, created_at)
  VALUES ($1, $2, $3, $4, $5, 'in_progress', $6, $6)
  ON CONFLICT (principal, key) DO UPDATE SET
    method = EXCLUDED.method, path = EXCLUDED.path, request_hash = EXCLUDED.request_hash,
    state = 'in_progress', locked_at = EXCLUDED.locked_at, created_at = EXCLUDED.created_at,
    response_status = NULL, response_body = NULL, completed_at = NULL
  WHERE (idempotency_keys.state = 'in_progress'
         AND idempotency_keys.locked_at < $7
         AND idempotency_keys.request_hash = EXCLUDED.request_hash
         AND idempotency_keys.method = EXCLUDED.method
         AND idempotency_keys.path = EXCLUDED.path)
     OR idempotency_keys.created_at < $8
  RETURNING principal`;

const toRecord = (row: IdempotencyRow): IdempotencyRecord => ({
  method: row.method,
  path: row.path,
  requestHash: row.request_hash,
  state: row.state,
  ...(row.state === 'completed' && row.response_status !== null
    ? { response: { status: row.response_status, body: row.response_body } }
    : {}),
});

const before = (now: string, ms: number): string => new Date(Date.parse(now) - ms).toISOString();

/** Idempotency keys in the `idempotency_keys` table, through the SqlClient port. */
export class SqlIdempotencyStore extends IdempotencyStore {
  constructor(
    private readonly sql: SqlClient,
    private readonly timings: IdempotencyTimings = {
      lockTimeoutMs: 60_000,
      retentionMs: 86_400_000,
    },
  ) {
    super();
  }

  override async ensureSchema(): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
      await tx.query(SCHEMA);
    });
  }

  override async claim(claim: IdempotencyClaim): Promise<ClaimOutcome> {
    const { principal, key, method, path, requestHash, now } = claim;
    const staleLock = before(now, this.timings.lockTimeoutMs);
    const expired = before(now, this.timings.retentionMs);
    // The holder may release its claim between our insert and our read: then simply try again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const claimed = await this.sql.query(CLAIM, [
        principal,
        key,
        method,
        path,
        requestHash,
        now,
        staleLock,
        expired,
      ]);
      if (claimed.rowCount > 0) return { outcome: 'claimed' };
      const { rows } = await this.sql.query<IdempotencyRow>(
        `SELECT method, path, request_hash, state, response_status, response_body
         FROM idempotency_keys WHERE principal = $1 AND key = $2`,
        [principal, key],
      );
      if (rows[0]) return { outcome: 'existing', record: toRecord(rows[0]) };
    }
    throw new Error(`Idempotency key ${key} could not be claimed`);
  }

  override async complete(
    principal: string,
    key: string,
    response: StoredResponse,
    now: string,
  ): Promise<void> {
    await this.sql.query(
      `UPDATE idempotency_keys
       SET state = 'completed', response_status = $3, response_body = $4::jsonb, completed_at = $5
       WHERE principal = $1 AND key = $2`,
      [principal, key, response.status, JSON.stringify(response.body ?? null), now],
    );
  }

  override async release(principal: string, key: string): Promise<void> {
    await this.sql.query(
      `DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2 AND state = 'in_progress'`,
      [principal, key],
    );
  }
}

import type { SqlClient } from '../sql/sql-client';

/** Schema `read`: the views readers query, and the projections' own bookkeeping. */
export const readSchema = 'read';
export const statusTable = `${readSchema}.projection_status`;
export const parkedTable = `${readSchema}.parked_events`;

export type BuildState = 'building' | 'live' | 'retired';

/**
 * Creates schema `read` and the bookkeeping tables if missing. A status row per build is also
 * that build's checkpoint: its position moves in the transaction that writes the read model.
 */
export const ensureReadCatalog = async (sql: SqlClient): Promise<void> => {
  await sql.transaction(async (tx) => {
    // Concurrent CREATE ... IF NOT EXISTS can still collide in the catalog (two processes).
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('sensei-read-catalog'))");
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${readSchema}`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${statusTable} (
      checkpoint text PRIMARY KEY,
      name text NOT NULL,
      version integer NOT NULL,
      build integer NOT NULL,
      schema_name text NOT NULL,
      views text[] NOT NULL,
      state text NOT NULL CHECK (state IN ('building', 'live', 'retired')),
      position bigint NOT NULL DEFAULT 0,
      last_event_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      parked_count integer NOT NULL DEFAULT 0,
      started_at timestamptz NOT NULL DEFAULT now(),
      switched_at timestamptz,
      UNIQUE (name, version, build)
    )`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${parkedTable} (
      projection text NOT NULL,
      version integer NOT NULL,
      checkpoint text NOT NULL,
      position bigint NOT NULL,
      event_id text NOT NULL,
      event_type text NOT NULL,
      error text NOT NULL,
      attempts integer NOT NULL,
      parked_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (checkpoint, position)
    )`);
  });
};

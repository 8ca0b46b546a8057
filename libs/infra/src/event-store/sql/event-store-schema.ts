import { SenseiError } from '@sensei/domain';
import type { SqlClient } from '../../sql/sql-client';

/** Qualified table names of one event store schema; the schema name is checked, then inlined. */
export class EventStoreSchema {
  readonly events: string;
  readonly streams: string;
  readonly globalPosition: string;
  readonly checkpoints: string;
  /** pg_notify channel raised by every append transaction that wrote events. */
  readonly appendChannel: string;

  constructor(readonly name: string = 'sensei') {
    if (!/^[a-z_][a-z0-9_]{0,40}$/.test(name)) {
      throw new SenseiError(
        'VALIDATION.FAILED',
        `Schema name "${name}" is not allowed: use lower-case letters, digits and _ (at most 41)`,
        { schema: name },
      );
    }
    this.events = `${name}.events`;
    this.streams = `${name}.streams`;
    this.globalPosition = `${name}.global_position`;
    this.checkpoints = `${name}.checkpoints`;
    this.appendChannel = `${name}_events_appended`;
  }

  /**
   * Creates the tables if missing. Serialised by an advisory lock because concurrent
   * CREATE ... IF NOT EXISTS can still collide in the catalog (several processes starting at once).
   */
  async migrate(sql: SqlClient): Promise<void> {
    await sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sensei-migrate:${this.name}`]);
      for (const statement of this.ddl()) await tx.query(statement);
    });
  }

  private ddl(): string[] {
    return [
      `CREATE SCHEMA IF NOT EXISTS ${this.name}`,
      // position: 1-based, gapless; allocated under the single global_position row lock.
      `CREATE TABLE IF NOT EXISTS ${this.events} (
        position bigint PRIMARY KEY,
        event_id text NOT NULL UNIQUE,
        stream_id text NOT NULL,
        revision bigint NOT NULL,
        type text NOT NULL,
        schema_version integer NOT NULL,
        data jsonb,
        metadata jsonb NOT NULL,
        hash text NOT NULL,
        prev_hash text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (stream_id, revision)
      )`,
      `CREATE TABLE IF NOT EXISTS ${this.streams} (
        stream_id text PRIMARY KEY,
        revision bigint NOT NULL,
        last_position bigint NOT NULL,
        last_hash text NOT NULL
      )`,
      `CREATE TABLE IF NOT EXISTS ${this.globalPosition} (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        position bigint NOT NULL
      )`,
      `INSERT INTO ${this.globalPosition} (singleton, position) VALUES (true, 0) ON CONFLICT DO NOTHING`,
      `CREATE TABLE IF NOT EXISTS ${this.checkpoints} (
        name text PRIMARY KEY,
        position bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
    ];
  }
}

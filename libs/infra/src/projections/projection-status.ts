import type { SqlExecutor } from '../sql/sql-client';
import type { EventFeed } from './event-feed';
import { parkedTable, statusTable, type BuildState } from './read-catalog';

export interface ProjectionStatus {
  name: string;
  version: number;
  build: number;
  checkpoint: string;
  schema: string;
  state: BuildState;
  /** Global position of the last event applied. */
  position: number;
  /** When the last applied event was recorded in the store. */
  lastEventAt: string | null;
  updatedAt: string;
  /** What is failing now (retried), else the last parked event's error. */
  lastError: string | null;
  parkedCount: number;
  /** Events committed to the log and not yet applied; null when the head is unknown. */
  lagEvents: number | null;
  /** Age of the head event relative to the last applied one; 0 when caught up. */
  lagSeconds: number | null;
}

export interface ParkedEventRecord {
  projection: string;
  version: number;
  checkpoint: string;
  position: number;
  eventId: string;
  eventType: string;
  error: string;
  attempts: number;
  parkedAt: string;
}

type Head = Awaited<ReturnType<EventFeed['head']>>;

interface StatusRow {
  name: string;
  version: number;
  build: number;
  checkpoint: string;
  schema_name: string;
  state: BuildState;
  position: string | number;
  last_event_at: Date | string | null;
  updated_at: Date | string;
  last_error: string | null;
  parked_count: number;
}

const iso = (value: Date | string | null) =>
  value === null ? null : new Date(value).toISOString();

const lagOf = (row: StatusRow, head: Head | null) => {
  if (head === null) return { lagEvents: null, lagSeconds: null };
  const position = Number(row.position);
  const lagEvents = Math.max(0, (head?.position ?? 0) - position);
  if (lagEvents === 0 || !head) return { lagEvents, lagSeconds: 0 };
  const lastEventAt = row.last_event_at === null ? null : new Date(row.last_event_at).getTime();
  const lagSeconds =
    lastEventAt === null ? null : Math.max(0, (Date.parse(head.recordedAt) - lastEventAt) / 1000);
  return { lagEvents, lagSeconds };
};

/**
 * Status of every build not retired (live first), with lag against `head` (pass null when the
 * head cannot be read: the lag is then unknown, the rest still answers).
 */
export const readProjectionStatus = async (
  sql: SqlExecutor,
  head: Head | null,
  overrides: ReadonlyMap<string, string> = new Map(),
): Promise<ProjectionStatus[]> => {
  const { rows } = await sql.query<StatusRow>(
    `SELECT name, version, build, checkpoint, schema_name, state, position, last_event_at,
            updated_at, last_error, parked_count
       FROM ${statusTable} WHERE state <> 'retired'
      ORDER BY name, state = 'building', version, build`,
  );
  return rows.map((row) => ({
    name: row.name,
    version: row.version,
    build: row.build,
    checkpoint: row.checkpoint,
    schema: row.schema_name,
    state: row.state,
    position: Number(row.position),
    lastEventAt: iso(row.last_event_at),
    updatedAt: iso(row.updated_at) ?? '',
    lastError: overrides.get(row.checkpoint) ?? row.last_error,
    parkedCount: row.parked_count,
    ...lagOf(row, head),
  }));
};

export const readParkedEvents = async (
  sql: SqlExecutor,
  projection?: string,
): Promise<ParkedEventRecord[]> => {
  const { rows } = await sql.query<{
    projection: string;
    version: number;
    checkpoint: string;
    position: string | number;
    event_id: string;
    event_type: string;
    error: string;
    attempts: number;
    parked_at: Date | string;
  }>(
    `SELECT p.* FROM ${parkedTable} p JOIN ${statusTable} s ON s.checkpoint = p.checkpoint
      WHERE s.state <> 'retired' AND ($1::text IS NULL OR p.projection = $1)
      ORDER BY p.projection, p.position`,
    [projection ?? null],
  );
  return rows.map((row) => ({
    projection: row.projection,
    version: row.version,
    checkpoint: row.checkpoint,
    position: Number(row.position),
    eventId: row.event_id,
    eventType: row.event_type,
    error: row.error,
    attempts: row.attempts,
    parkedAt: iso(row.parked_at) ?? '',
  }));
};

import type { SqlExecutor } from '../../sql/sql-client';
import type { ValidatedAppend } from './append-validation';
import { planBatch, type BatchPlan, type StoredEventPlace, type StreamHead } from './append-plan';
import type { EventStoreSchema } from './event-store-schema';
import { genesisHash } from './event-hash';

interface KnownRow {
  kind: 'head' | 'event';
  stream_id: string;
  revision: string | number;
  position: string | number;
  hash: string | null;
  event_id: string | null;
}

export const streamIdsOf = (appends: readonly ValidatedAppend[]) => [
  ...new Set(appends.map((a) => a.streamId)),
];

/**
 * Writes a planned batch in one statement, only if the global position is still
 * `expectedHeadPosition`; resolves to whether it wrote. The UPDATE of the single
 * global_position row is the lock every writer (any process) queues on and the check that
 * nothing was appended since the plan was made: every append moves that row. Positions are thus
 * handed out in commit order, and a reader polling `position > last` never sees N+1 before N.
 */
export const writePlannedBatch = async (
  sql: SqlExecutor,
  schema: EventStoreSchema,
  plan: BatchPlan,
  expectedHeadPosition: number,
): Promise<boolean> => {
  const heads = [...plan.changedHeads].map(([streamId, head]) => ({
    stream_id: streamId,
    revision: head.revision,
    last_position: head.lastPosition,
    last_hash: head.lastHash,
  }));
  const written = await sql.query(
    `WITH advanced AS (
       UPDATE ${schema.globalPosition} SET position = $3::bigint
        WHERE position = $2::bigint RETURNING position
     ), inserted_events AS (
       INSERT INTO ${schema.events}
         (position, event_id, stream_id, revision, type, schema_version, data, metadata, hash, prev_hash)
       SELECT position, event_id, stream_id, revision, type, schema_version, data, metadata, hash, prev_hash
         FROM jsonb_to_recordset($1::text::jsonb) AS e(
           position bigint, event_id text, stream_id text, revision bigint, type text,
           schema_version integer, data jsonb, metadata jsonb, hash text, prev_hash text)
        WHERE EXISTS (SELECT 1 FROM advanced)
     ), upserted_heads AS (
       INSERT INTO ${schema.streams} (stream_id, revision, last_position, last_hash)
       SELECT stream_id, revision, last_position, last_hash
         FROM jsonb_to_recordset($4::text::jsonb) AS h(
           stream_id text, revision bigint, last_position bigint, last_hash text)
        WHERE EXISTS (SELECT 1 FROM advanced)
       ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision,
         last_position = excluded.last_position, last_hash = excluded.last_hash
     )
     SELECT pg_notify($5::text, position::text) FROM advanced`,
    [
      JSON.stringify(plan.rows),
      expectedHeadPosition,
      plan.headPosition,
      JSON.stringify(heads),
      schema.appendChannel,
    ],
  );
  return written.rowCount === 1;
};

const absentHeads = (streamIds: readonly string[]) =>
  new Map<string, StreamHead>(
    streamIds.map((streamId) => [
      streamId,
      { revision: -1, lastPosition: 0, lastHash: genesisHash },
    ]),
  );

/** Stream heads (absent streams included, at revision -1) as of one global position. */
export interface HeadsSnapshot {
  position: number;
  heads: Map<string, StreamHead>;
}

/** Reads the heads of these streams and the global position in one statement (one snapshot). */
export const readHeads = async (
  sql: SqlExecutor,
  schema: EventStoreSchema,
  streamIds: readonly string[],
): Promise<HeadsSnapshot> => {
  const { rows } = await sql.query<{
    head_position: string | number;
    stream_id: string | null;
    revision: string | number | null;
    last_position: string | number | null;
    last_hash: string | null;
  }>(
    `SELECT g.position AS head_position, s.stream_id, s.revision, s.last_position, s.last_hash
       FROM ${schema.globalPosition} g
       LEFT JOIN ${schema.streams} s ON s.stream_id = ANY($1::text[])`,
    [streamIds],
  );
  const heads = absentHeads(streamIds);
  for (const row of rows) {
    if (row.stream_id === null) continue;
    heads.set(row.stream_id, {
      revision: Number(row.revision),
      lastPosition: Number(row.last_position),
      lastHash: row.last_hash ?? '',
    });
  }
  return { position: Number(rows[0]?.head_position ?? 0), heads };
};

/**
 * The safe way, in the caller's transaction: take the position lock, then read the heads and
 * the already-stored event ids (a separate statement, so its snapshot includes whatever
 * committed while we waited), plan, write. Resolves to the plan and the state it started from.
 */
export const writeAppendBatch = async (
  tx: SqlExecutor,
  schema: EventStoreSchema,
  appends: readonly ValidatedAppend[],
): Promise<{ plan: BatchPlan; startPosition: number; startHeads: Map<string, StreamHead> }> => {
  const locked = await tx.query<{ position: string | number }>(
    `SELECT position FROM ${schema.globalPosition} FOR UPDATE`,
  );
  const headPosition = Number(locked.rows[0]?.position ?? 0);
  const streamIds = streamIdsOf(appends);
  const eventIds = appends.flatMap((append) => append.events.map((event) => event.id));
  const known = await tx.query<KnownRow>(
    `SELECT 'head' AS kind, stream_id, revision, last_position AS position, last_hash AS hash,
            NULL AS event_id
       FROM ${schema.streams} WHERE stream_id = ANY($1::text[])
     UNION ALL
     SELECT 'event', stream_id, revision, position, NULL, event_id
       FROM ${schema.events} WHERE event_id = ANY($2::text[])`,
    [streamIds, eventIds],
  );
  const heads = absentHeads(streamIds);
  const storedIds = new Map<string, StoredEventPlace>();
  for (const row of known.rows) {
    const revision = Number(row.revision);
    const position = Number(row.position);
    if (row.kind === 'head') {
      heads.set(row.stream_id, { revision, lastPosition: position, lastHash: row.hash ?? '' });
    } else if (row.event_id !== null) {
      storedIds.set(row.event_id, { streamId: row.stream_id, revision, position });
    }
  }
  const plan = planBatch(appends, { headPosition, heads, storedIds });
  if (plan.rows.length > 0) await writePlannedBatch(tx, schema, plan, headPosition);
  return { plan, startPosition: headPosition, startHeads: heads };
};

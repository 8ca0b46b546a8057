import type { EventMetadata, RecordedEvent } from '../event-store.port';
import type { UpcasterChain } from './upcaster-chain';

/** An events row as both engines return it (pg gives bigint as string, PGlite as number). */
export interface EventRow {
  position: string | number;
  event_id: string;
  stream_id: string;
  revision: string | number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  hash: string;
  prev_hash: string;
  recorded_at: Date | string;
}

export const eventColumns =
  'position, event_id, stream_id, revision, type, schema_version, data, metadata, hash, prev_hash, recorded_at';

/** Upcasts on the way out; `hash` still covers the stored (pre-upcast) content. */
export const toRecordedEvent = (row: EventRow, upcasters: UpcasterChain): RecordedEvent => {
  const { schemaVersion, data } = upcasters.upcast(row.type, row.schema_version, row.data);
  return {
    id: row.event_id,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: Number(row.position),
    type: row.type,
    schemaVersion,
    data,
    metadata: row.metadata,
    hash: row.hash,
    prevHash: row.prev_hash,
    recordedAt: new Date(row.recorded_at).toISOString(),
  };
};

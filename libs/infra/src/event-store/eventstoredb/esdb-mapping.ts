import { createHash } from 'node:crypto';
import {
  DeadlineExceededError,
  NO_STREAM,
  UnavailableError,
  WrongExpectedVersionError,
  type AllStreamRecordedEvent,
  type AppendExpectedRevision,
  type JSONEventData,
  type JSONType,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import { SenseiError } from '@sensei/domain';
import {
  VersionConflictError,
  type EventMetadata,
  type ExpectedRevision,
  type RecordedEvent,
} from '../event-store.port';
import type { ValidatedEvent } from '../sql/append-validation';

/**
 * How a Sensei event sits in EventStoreDB. Data is the event's JSON data, untouched. Everything
 * else rides in the ESDB metadata, next to `$correlationId`/`$causationId` (ESDB's own convention,
 * which its `$by_correlation_id` projection reads):
 *
 *   { "$correlationId", "$causationId",
 *     "sensei": { "id", "schemaVersion", "hash", "prevHash", "metadata" } }
 *
 * `sensei.id` keeps the caller's id because ESDB ids must be UUIDs (see `toEsdbEventId`).
 */
export interface EsdbEventMetadata {
  $correlationId: string;
  $causationId: string;
  sensei: {
    id: string;
    schemaVersion: number;
    hash: string;
    prevHash: string;
    metadata: EventMetadata;
  };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * ESDB event ids must be UUIDs. A UUID id is used as is (lower case, as ESDB returns it); any other
 * id maps to a name-based UUID derived from it, so a re-sent event keeps its ESDB id and the
 * server's idempotency check still recognises it.
 */
export const toEsdbEventId = (id: string): string => {
  if (uuidPattern.test(id)) return id.toLowerCase();
  const bytes = createHash('sha256').update(`sensei-event-id:${id}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50; // version 5 (name-based)
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** `$`-prefixed types and streams belong to EventStoreDB itself (metadata, links, stats). */
export const isSystemEvent = (event: { type: string; streamId: string }): boolean =>
  event.type.startsWith('$') || event.streamId.startsWith('$');

export const toEsdbEvent = (
  event: ValidatedEvent,
  chain: { hash: string; prevHash: string },
): JSONEventData => {
  const metadata: EsdbEventMetadata = {
    $correlationId: event.metadata.correlationId,
    $causationId: event.metadata.causationId,
    sensei: {
      id: event.id,
      schemaVersion: event.schemaVersion,
      ...chain,
      metadata: event.metadata,
    },
  };
  return {
    id: toEsdbEventId(event.id),
    contentType: 'application/json',
    type: event.type,
    // The client JSON-encodes whatever it is given; its JSONType is narrower than `unknown` data.
    data: event.data as JSONType,
    metadata: metadata as unknown as JSONType,
  };
};

const isSenseiMetadata = (value: unknown): value is EsdbEventMetadata => {
  if (typeof value !== 'object' || value === null || !('sensei' in value)) return false;
  const sensei = value.sensei;
  return typeof sensei === 'object' && sensei !== null && 'hash' in sensei && 'id' in sensei;
};

/**
 * ESDB positions are offsets in its transaction log, not a counter: they grow strictly in `$all`
 * order but are not gapless. Every event appended over gRPC is its own implicitly committed log
 * record, so its commit position is unique; only legacy TCP explicit transactions (which Sensei
 * never writes) share one.
 */
export const commitPositionOf = (event: EsdbRecordedEvent | AllStreamRecordedEvent): number => {
  const position = event.position?.commit;
  if (position === undefined) {
    throw new SenseiError(
      'INTERNAL',
      'EventStoreDB returned an event without a log position; Sensei needs EventStoreDB 22.6 or later',
    );
  }
  return Number(position);
};

/** The event exactly as stored (no upcasting): what `verifyStream` hashes. */
export const fromEsdbEvent = (event: EsdbRecordedEvent | AllStreamRecordedEvent): RecordedEvent => {
  const base = {
    streamId: event.streamId,
    revision: Number(event.revision),
    position: commitPositionOf(event),
    type: event.type,
    data: event.isJson ? event.data : Buffer.from(event.data).toString('base64'),
    recordedAt: event.created.toISOString(),
  };
  const metadata: unknown = event.metadata;
  if (isSenseiMetadata(metadata)) {
    const { sensei } = metadata;
    return {
      ...base,
      id: sensei.id,
      schemaVersion: sensei.schemaVersion,
      metadata: sensei.metadata,
      hash: sensei.hash,
      prevHash: sensei.prevHash,
    };
  }
  // Written by something other than Sensei: readable, but it carries no hash chain.
  return {
    ...base,
    id: event.id,
    schemaVersion: 1,
    metadata: (typeof metadata === 'object' &&
    metadata !== null &&
    !(metadata instanceof Uint8Array)
      ? metadata
      : {}) as EventMetadata,
    hash: '',
    prevHash: '',
  };
};

export const toEsdbExpectedRevision = (currentRevision: number): AppendExpectedRevision =>
  currentRevision < 0 ? NO_STREAM : BigInt(currentRevision);

/** Whether the stream's current revision (-1: no stream) satisfies what the caller expects. */
export const satisfies = (expected: ExpectedRevision, currentRevision: number): boolean => {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return currentRevision < 0;
    case 'stream_exists':
      return currentRevision >= 0;
    default:
      return expected < 0 ? currentRevision < 0 : currentRevision === expected;
  }
};

export const unavailable = (target: string, cause: unknown): SenseiError => {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new SenseiError(
    'EVENT_STORE.UNAVAILABLE',
    `EventStoreDB at ${target} is unreachable (${reason}). Start it (docker compose --profile ` +
      'eventstoredb up -d eventstoredb) or fix EVENTSTORE_CONNECTION_STRING, e.g. ' +
      'esdb://localhost:2113?tls=false for an insecure development node.',
    { target, cause: reason },
  );
};

/** Turns client errors into the port's errors; anything unrecognised passes through unchanged. */
export const toStoreError = (
  error: unknown,
  context: { streamId: string; target: string; expected?: ExpectedRevision },
): unknown => {
  if (error instanceof WrongExpectedVersionError) {
    const actual = error.actualVersion === NO_STREAM ? -1 : Number(error.actualVersion);
    const serverExpected =
      typeof error.expectedVersion === 'bigint'
        ? Number(error.expectedVersion)
        : error.expectedVersion;
    return new VersionConflictError(context.streamId, context.expected ?? serverExpected, actual);
  }
  if (error instanceof UnavailableError || error instanceof DeadlineExceededError) {
    return unavailable(context.target, error);
  }
  return error;
};

import { SenseiError } from '@sensei/domain';

/** Metadata every stored event carries; time and ids come from the caller, never from the store. */
export interface EventMetadata {
  correlationId: string;
  causationId: string;
  actor: string;
  timestamp: string;
  [key: string]: unknown;
}

/** An event on its way into the store. `id` makes appends idempotent. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  id: string;
  type: Type;
  /** Defaults to 1. Older versions are upcast on read (see `Upcaster`). */
  schemaVersion?: number;
  data: Data;
  metadata: EventMetadata;
}

/** An event as stored: revision within its stream, gapless global position, hash chain. */
export interface RecordedEvent<Type extends string = string, Data = unknown> {
  id: string;
  streamId: string;
  /** 0-based, contiguous within the stream. */
  revision: number;
  /** 1-based, gapless and totally ordered across all streams. */
  position: number;
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  /** sha256 over the previous event's hash and this event's canonical content (hex). */
  hash: string;
  prevHash: string;
  recordedAt: string;
}

/**
 * - `any`: no check
 * - `no_stream`: the stream must not exist
 * - `stream_exists`: the stream must have at least one event
 * - a number: the revision of the stream's last event (-1 is the same as `no_stream`)
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendOptions {
  expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  nextExpectedRevision: number;
  /** Global position of the last appended event. */
  position: number;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the first (forwards) or last (backwards) event. */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  direction?: 'forwards' | 'backwards';
  /** Exclusive: events strictly after (forwards) or before (backwards) this position. 0 = start. */
  fromPosition?: number;
  maxCount?: number;
}

export interface SubscribeOptions {
  /** Exclusive: the subscriber receives events after this position. 0 = from the beginning. */
  fromPosition?: number;
  batchSize?: number;
}

export interface Subscription {
  stop(): Promise<void>;
}

/** Result of `verifyStream`: `ok`, or the first revision whose content or place is wrong. */
export type StreamVerification =
  | { ok: true; streamId: string; eventCount: number; lastHash: string }
  | {
      ok: false;
      streamId: string;
      eventCount: number;
      firstBadRevision: number;
      reason: 'hash_mismatch' | 'missing_event' | 'truncated';
      detail: string;
    };

/** Turns one schema version of one event type into the next. Registered per store. */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast(data: unknown): unknown;
}

export abstract class EventStore {
  abstract append(
    streamId: string,
    events: NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  abstract readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  abstract readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Tails `$all` from a position; handler errors stop the subscription and reach `onError`. */
  abstract subscribeToAll(
    handler: (event: RecordedEvent) => Promise<void> | void,
    options?: SubscribeOptions & { onError?: (error: unknown) => void },
  ): Subscription;
  abstract verifyStream(streamId: string): Promise<StreamVerification>;
  /** Resolves when the backing engine answers; rejects with EVENT_STORE.UNAVAILABLE otherwise. */
  abstract ping(): Promise<void>;
  abstract close(): Promise<void>;
}

export class VersionConflictError extends SenseiError {
  constructor(streamId: string, expected: ExpectedRevision, actual: number) {
    super(
      'STREAM.VERSION_CONFLICT',
      `Stream ${streamId} is at revision ${actual}, expected ${String(expected)}`,
      { streamId, expectedRevision: expected, actualRevision: actual },
    );
  }
}

import { SenseiError } from '@sensei/domain';
import {
  VersionConflictError,
  type AppendResult,
  type ExpectedRevision,
} from '../event-store.port';
import type { ValidatedAppend } from './append-validation';
import { genesisHash, hashEvent } from './event-hash';

export interface StreamHead {
  revision: number;
  lastPosition: number;
  lastHash: string;
}

export interface StoredEventPlace {
  streamId: string;
  revision: number;
  position: number;
}

/** What a batch needs to know, read inside its transaction after taking the position lock. */
export interface BatchStartState {
  headPosition: number;
  heads: ReadonlyMap<string, StreamHead>;
  storedIds: ReadonlyMap<string, StoredEventPlace>;
}

export interface PlannedEventRow {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: unknown;
  hash: string;
  prev_hash: string;
}

export type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: Error };

export interface BatchPlan {
  outcomes: AppendOutcome[];
  rows: PlannedEventRow[];
  /** Heads of the streams this batch writes to, after the batch. */
  changedHeads: Map<string, StreamHead>;
  headPosition: number;
}

const noStream: StreamHead = { revision: -1, lastPosition: 0, lastHash: genesisHash };

export const satisfies = (expected: ExpectedRevision, revision: number): boolean => {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return revision === -1;
  if (expected === 'stream_exists') return revision >= 0;
  return revision === expected;
};

/**
 * A retry of an append that is already stored returns the original result; ids stored only in
 * part, or elsewhere, are a different append reusing ids: refuse rather than guess.
 */
const replayOutcome = (
  append: ValidatedAppend,
  places: (StoredEventPlace | undefined)[],
): AppendOutcome => {
  const first = places[0];
  const inPlace =
    first !== undefined &&
    places.every(
      (place, index) =>
        place?.streamId === append.streamId && place.revision === first.revision + index,
    );
  const last = places[places.length - 1];
  if (inPlace && last) {
    return { ok: true, result: { nextExpectedRevision: last.revision, position: last.position } };
  }
  const stored = append.events.filter((_, index) => places[index] !== undefined).map((e) => e.id);
  return {
    ok: false,
    error: new SenseiError(
      'STREAM.IDEMPOTENCY_MISMATCH',
      `Append to ${append.streamId} reuses event ids already stored elsewhere or in part ` +
        `(${stored.join(', ')}): a retry must resend the same events in the same order`,
      { streamId: append.streamId, storedEventIds: stored },
    ),
  };
};

/**
 * Decides, in memory, the fate of every append in a batch, in arrival order: each keeps its own
 * idempotency and expected-revision check against the state left by the appends before it, so
 * one conflict rejects one append, not the batch. Positions continue gaplessly from the head.
 */
export const planBatch = (
  appends: readonly ValidatedAppend[],
  start: BatchStartState,
): BatchPlan => {
  const heads = new Map(start.heads);
  const storedIds = new Map(start.storedIds);
  const changedHeads = new Map<string, StreamHead>();
  const rows: PlannedEventRow[] = [];
  let headPosition = start.headPosition;

  const outcomes = appends.map((append): AppendOutcome => {
    const places = append.events.map((event) => storedIds.get(event.id));
    if (places.some((place) => place !== undefined)) return replayOutcome(append, places);

    const head = heads.get(append.streamId) ?? noStream;
    if (!satisfies(append.expectedRevision, head.revision)) {
      return {
        ok: false,
        error: new VersionConflictError(append.streamId, append.expectedRevision, head.revision),
      };
    }
    let { revision, lastHash, lastPosition } = head;
    for (const event of append.events) {
      revision += 1;
      headPosition += 1;
      lastPosition = headPosition;
      const hash = hashEvent(lastHash, {
        streamId: append.streamId,
        revision,
        id: event.id,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.data,
        metadata: event.metadata,
      });
      rows.push({
        position: headPosition,
        event_id: event.id,
        stream_id: append.streamId,
        revision,
        type: event.type,
        schema_version: event.schemaVersion,
        data: event.data,
        metadata: event.metadata,
        hash,
        prev_hash: lastHash,
      });
      storedIds.set(event.id, { streamId: append.streamId, revision, position: headPosition });
      lastHash = hash;
    }
    const next = { revision, lastHash, lastPosition };
    heads.set(append.streamId, next);
    if (append.events.length > 0) changedHeads.set(append.streamId, next);
    return { ok: true, result: { nextExpectedRevision: revision, position: lastPosition } };
  });

  return { outcomes, rows, changedHeads, headPosition };
};

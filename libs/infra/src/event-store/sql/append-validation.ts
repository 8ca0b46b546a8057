import { SenseiError } from '@sensei/domain';
import type { EventMetadata, ExpectedRevision, NewEvent } from '../event-store.port';
import { canonicalJson } from './event-hash';

/** A new event as it will be stored and hashed: JSON-normalised, schema version defaulted. */
export interface ValidatedEvent {
  id: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
}

export interface ValidatedAppend {
  streamId: string;
  events: ValidatedEvent[];
  expectedRevision: ExpectedRevision;
}

const requiredMetadata = ['correlationId', 'causationId', 'actor', 'timestamp'] as const;

const invalid = (message: string, details: Record<string, unknown>) =>
  new SenseiError('VALIDATION.FAILED', message, details);

const isNonEmptyString = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0;

/** Stored and hashed exactly as it will read back from jsonb (Dates become strings, and so on). */
const asStoredJson = (value: unknown, what: string, details: Record<string, unknown>): unknown => {
  try {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError('it has no JSON representation');
    const stored: unknown = JSON.parse(text);
    canonicalJson(stored);
    return stored;
  } catch (error) {
    throw invalid(
      `${what} must be JSON (${error instanceof Error ? error.message : String(error)})`,
      details,
    );
  }
};

const validateEvent = (streamId: string, event: NewEvent, index: number): ValidatedEvent => {
  const where = { streamId, index, eventId: event?.id };
  if (!isNonEmptyString(event?.id))
    throw invalid(`Event ${index} of ${streamId} needs an id`, where);
  if (!isNonEmptyString(event.type)) throw invalid(`Event ${event.id} needs a type`, where);
  const schemaVersion = event.schemaVersion ?? 1;
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1) {
    throw invalid(
      `Event ${event.id} has schemaVersion ${String(schemaVersion)}: use an integer >= 1`,
      where,
    );
  }
  const metadata = event.metadata as Partial<EventMetadata> | undefined;
  const missing = requiredMetadata.filter((field) => !isNonEmptyString(metadata?.[field]));
  if (missing.length > 0) {
    throw invalid(`Event ${event.id} metadata lacks ${missing.join(', ')}`, { ...where, missing });
  }
  return {
    id: event.id,
    type: event.type,
    schemaVersion,
    data: asStoredJson(event.data, `Event ${event.id} data`, where),
    metadata: asStoredJson(metadata, `Event ${event.id} metadata`, where) as EventMetadata,
  };
};

const validExpectedRevision = (expected: ExpectedRevision): boolean =>
  expected === 'any' ||
  expected === 'no_stream' ||
  expected === 'stream_exists' ||
  (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= -1);

/** Rejects a malformed append with VALIDATION.FAILED before it reaches the database. */
export const validateAppend = (
  streamId: string,
  events: readonly NewEvent[],
  expectedRevision: ExpectedRevision = 'any',
): ValidatedAppend => {
  if (!isNonEmptyString(streamId)) throw invalid('An append needs a stream id', { streamId });
  if (!Array.isArray(events))
    throw invalid(`Append to ${streamId} needs an array of events`, { streamId });
  if (!validExpectedRevision(expectedRevision)) {
    throw invalid(`Expected revision ${String(expectedRevision)} is not valid`, {
      streamId,
      expectedRevision,
    });
  }
  const validated = (events as readonly NewEvent[]).map((event, index) =>
    validateEvent(streamId, event, index),
  );
  const ids = new Set(validated.map((event) => event.id));
  if (ids.size !== validated.length) {
    throw invalid(`Append to ${streamId} repeats an event id`, { streamId });
  }
  return { streamId, events: validated, expectedRevision };
};

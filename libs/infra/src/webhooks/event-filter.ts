import type { RecordedEvent } from '../event-store/event-store.port';

/**
 * Which events a subscriber (an SSE client, a webhook) wants. Every part given must match;
 * an empty filter matches every event.
 */
export interface EventFilter {
  /** Event types, e.g. `MigrationCompleted`; absent or empty: every type. */
  types?: readonly string[];
  /** Stream id prefix, e.g. `migration-` for every migration. */
  streamPrefix?: string;
  /** Only events whose `data.migrationId` is this migration (every migration event has one). */
  migrationId?: string;
}

/** What an event type or a stream prefix may look like in a query string or a filter. */
export const EVENT_TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9_.:-]{0,127}$/;
export const STREAM_PREFIX_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

const migrationIdOf = (data: unknown): unknown =>
  typeof data === 'object' && data !== null
    ? (data as { migrationId?: unknown }).migrationId
    : undefined;

export const matchesFilter = (
  event: Pick<RecordedEvent, 'type' | 'streamId' | 'data'>,
  filter: EventFilter,
): boolean =>
  (!filter.types?.length || filter.types.includes(event.type)) &&
  (!filter.streamPrefix || event.streamId.startsWith(filter.streamPrefix)) &&
  (!filter.migrationId || migrationIdOf(event.data) === filter.migrationId);

import { migrationEventTypes, type MigrationEvent } from '@sensei/domain';
import type { RecordedEvent } from '../../event-store/event-store.port';

/** A migration event as the read models fold it: typed data plus where and when it happened. */
export type MigrationFact = MigrationEvent & {
  position: number;
  /** metadata.timestamp: when the decision was taken (ISO-8601). */
  at: string;
};

const knownTypes = new Set<string>(migrationEventTypes);

/** The event as a migration fact, or undefined for events of other aggregates. */
export const migrationFact = (event: RecordedEvent): MigrationFact | undefined => {
  const data = event.data as { migrationId?: unknown } | null;
  if (!knownTypes.has(event.type) || typeof data?.migrationId !== 'string') return undefined;
  return {
    type: event.type,
    data: event.data,
    position: event.position,
    at: event.metadata.timestamp,
  } as MigrationFact;
};

export const migrationFacts = (events: readonly RecordedEvent[]): MigrationFact[] =>
  events.flatMap((event) => migrationFact(event) ?? []);

/** Milliseconds between two instants, or null when the start is unknown. */
export const elapsedMs = (from: string | null, to: string): number | null =>
  from === null ? null : Math.max(0, Date.parse(to) - Date.parse(from));

/** `table.column` (the column is what follows the last dot: tables may be schema-qualified). */
export const splitColumnRef = (ref: string): { table: string; column: string } => {
  const dot = ref.lastIndexOf('.');
  return dot < 0
    ? { table: ref, column: '' }
    : { table: ref.slice(0, dot), column: ref.slice(dot + 1) };
};

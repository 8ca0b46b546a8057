import {
  type ActiveStatus,
  evolveMigration,
  initialMigrationState,
  type Migration,
  type MigrationEvent,
  type MigrationState,
  type MigrationStatus,
  SenseiError,
} from '@sensei/domain';
import type { RecordedEvent } from '../event-store/event-store.port';
import { type AuditEntry, auditEntryOf } from './audit-entry';
import { describeReplayPoint, happenedBy, type ReplayPoint } from './replay-point';

/** The phase under way, or the next one when a checkpoint event has just closed the previous. */
export type MigrationPhase =
  'ingestion' | 'transformation' | 'verification' | 'delivery' | 'done' | 'cancelled';

const phaseByStatus: Record<ActiveStatus, MigrationPhase> = {
  requested: 'ingestion',
  ingesting: 'ingestion',
  // Mappings are proposed and reviewed after ingestion: the transformation phase has begun.
  ingested: 'transformation',
  transforming: 'transformation',
  transformed: 'verification',
  verifying: 'verification',
  verified: 'delivery',
  delivering: 'delivery',
};

export const phaseOf = (migration: Migration): MigrationPhase => {
  const status: MigrationStatus = migration.status;
  if (status === 'completed') return 'done';
  if (status === 'cancelled') return 'cancelled';
  if (status === 'halted') return phaseByStatus[migration.halt?.haltedIn ?? 'requested'];
  return phaseByStatus[status];
};

/** A migration as it stood at a point of its history, and the event that brought it there. */
export interface MigrationReplay {
  migrationId: string;
  point?: ReplayPoint;
  state: Migration;
  phase: MigrationPhase;
  eventsApplied: number;
  eventsTotal: number;
  lastEvent: AuditEntry;
}

/**
 * Folds the domain's own `evolve` over the migration's events up to the point (all of them
 * without one): the state is the one every decision at that time was taken on. Only a prefix is
 * folded, so an event with a skewed clock cannot make a state that never existed.
 */
export const replayMigration = (
  migrationId: string,
  events: readonly RecordedEvent[],
  point?: ReplayPoint,
): MigrationReplay => {
  if (events.length === 0) {
    throw new SenseiError('MIGRATION.NOT_FOUND', `migration ${migrationId} does not exist`, {
      migrationId,
    });
  }
  const cut = point ? events.findIndex((event) => !happenedBy(point, event)) : -1;
  const applied = cut === -1 ? events : events.slice(0, cut);
  const last = applied.at(-1);
  let state: MigrationState = initialMigrationState();
  for (const event of applied) state = evolveMigration(state, event as unknown as MigrationEvent);
  if (!last || state.status === 'empty') {
    const first = events[0] as RecordedEvent;
    throw new SenseiError(
      'VALIDATION.FAILED',
      `migration ${migrationId} did not exist yet at ${point ? describeReplayPoint(point) : 'that point'}: its first event is at position ${first.position} (${first.metadata.timestamp})`,
      { field: 'at' },
    );
  }
  return {
    migrationId,
    ...(point ? { point } : {}),
    state,
    phase: phaseOf(state),
    eventsApplied: applied.length,
    eventsTotal: events.length,
    lastEvent: auditEntryOf(last),
  };
};

/** The replayed state as plain JSON (mappings listed, counted and grouped by status). */
export const replaySnapshot = (replay: MigrationReplay) => {
  const mappings = [...replay.state.mappings.values()];
  const byStatus: Record<string, string[]> = {};
  for (const mapping of mappings) (byStatus[mapping.status] ??= []).push(mapping.mappingId);
  return {
    migrationId: replay.migrationId,
    asOf: replay.point ? describeReplayPoint(replay.point) : 'now',
    status: replay.state.status,
    phase: replay.phase,
    eventsApplied: replay.eventsApplied,
    eventsTotal: replay.eventsTotal,
    lastEvent: replay.lastEvent,
    mappingsByStatus: byStatus,
    state: { ...replay.state, mappings },
  };
};

import type { MigrationEvent } from '@sensei/domain';
import type { MigrationFact } from '../migration-facts';

type DataOf<Type extends MigrationEvent['type']> = Omit<
  Extract<MigrationEvent, { type: Type }>['data'],
  'migrationId'
>;

/** Builds the facts of one migration (`m-1`) for fold tests: position and time advance by one. */
export const factsOf = (migrationId = 'm-1') => {
  let position = 0;
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  return <Type extends MigrationEvent['type']>(
    type: Type,
    data: DataOf<Type>,
    /** Seconds after the start, default: the position. */
    second?: number,
  ): MigrationFact => {
    position += 1;
    return {
      type,
      data: { migrationId, ...data },
      position,
      at: new Date(start + (second ?? position) * 1000).toISOString(),
    } as MigrationFact;
  };
};

export const requestedData = {
  source: { kind: 'sqlite', uri: '/data/chinook.sqlite' },
  target: { kind: 'postgres', uri: 'postgres://app@db:5432/chinook' },
  config: { reviewThreshold: 0.92 },
  requestedBy: 'user:alice',
} as const;

export const genreName = {
  mappingId: 'map:Genre.Name:genre.name',
  sourceTable: 'Genre',
  sourceColumn: 'Name',
  targetTable: 'genre',
  targetColumn: 'name',
  confidence: 0.81,
  rationale: 'name exact',
  proposedBy: 'agent:architect',
};

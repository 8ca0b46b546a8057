import type { Decider } from '../shared/decider';
import type { MigrationCommand } from './migration.commands';
import { decide } from './migration.decide';
import type { MigrationEvent } from './migration.events';
import { evolve } from './migration.evolve';
import { initialState, type MigrationState } from './migration.state';

export const migrationDecider: Decider<MigrationState, MigrationCommand, MigrationEvent> = {
  decide,
  evolve,
  initialState,
};

export const migrationStreamId = (migrationId: string): string => `migration-${migrationId}`;

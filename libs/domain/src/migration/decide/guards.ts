import { SenseiError } from '../../shared/sensei-error';
import type { MigrationCommand } from '../migration.commands';
import type { ActiveStatus, Migration, MigrationState, MigrationStatus } from '../migration.state';

export const illegalTransition = (
  migration: Migration,
  command: MigrationCommand,
  why?: string,
  details: Record<string, unknown> = {},
): SenseiError =>
  new SenseiError(
    'MIGRATION.ILLEGAL_TRANSITION',
    `Cannot ${command.type} while the migration is ${migration.status}${why ? `: ${why}` : ''}`,
    { status: migration.status, command: command.type, ...details },
  );

export const requireStatus = (
  migration: Migration,
  command: MigrationCommand,
  ...allowed: MigrationStatus[]
): void => {
  if (!allowed.includes(migration.status)) throw illegalTransition(migration, command);
};

/** The migration a command acts on: it exists and is neither cancelled nor completed. */
export const openMigration = (state: MigrationState, command: MigrationCommand): Migration => {
  const { migrationId } = command.data;
  if (state.status === 'empty') {
    throw new SenseiError('MIGRATION.NOT_FOUND', `Migration ${migrationId} does not exist`, {
      migrationId,
    });
  }
  if (state.status === 'cancelled') {
    throw new SenseiError(
      'MIGRATION.CANCELLED',
      `Migration ${migrationId} was cancelled; ${command.type} is not possible`,
      { migrationId, status: state.status, command: command.type },
    );
  }
  if (state.status === 'completed') throw illegalTransition(state, command);
  if (state.migrationId !== migrationId) {
    // A handler loaded the wrong stream: a bug, never a user error.
    throw new SenseiError('INTERNAL', `Command for ${migrationId} decided on ${state.migrationId}`);
  }
  return state;
};

export const isActive = (status: MigrationStatus): status is ActiveStatus =>
  status !== 'completed' && status !== 'halted' && status !== 'cancelled';

export const invalid = (message: string, field: string): SenseiError =>
  new SenseiError('VALIDATION.FAILED', message, { field });

import { SenseiError } from '../../shared/sensei-error';
import { assertUsableStores } from '../data-store';
import { resolveConfig } from '../migration-config';
import type {
  CancelMigration,
  HaltMigration,
  RequestMigration,
  ResumeMigration,
} from '../migration.commands';
import type {
  MigrationCancelled,
  MigrationHalted,
  MigrationRequested,
  MigrationResumed,
} from '../migration.events';
import type { Migration, MigrationState } from '../migration.state';
import { illegalTransition, isActive } from './guards';

export const requestMigration = (
  command: RequestMigration,
  state: MigrationState,
): [MigrationRequested] => {
  const { migrationId, source, target, config } = command.data;
  if (state.status !== 'empty') {
    // The id is taken, whatever became of that migration (cancelled included).
    throw new SenseiError('MIGRATION.ALREADY_EXISTS', `Migration ${migrationId} already exists`, {
      migrationId,
      status: state.status,
    });
  }
  assertUsableStores(source, target);
  const data = {
    migrationId,
    source,
    target,
    config: resolveConfig(config),
    requestedBy: command.metadata.actor,
  };
  return [{ type: 'MigrationRequested', data }];
};

export const haltMigration = (command: HaltMigration, migration: Migration): [MigrationHalted] => {
  const { status, migrationId } = migration;
  if (!isActive(status)) throw illegalTransition(migration, command);
  const data = {
    migrationId,
    reason: command.data.reason,
    haltedBy: command.metadata.actor,
    haltedIn: status,
    cause: { type: 'requested' as const },
  };
  return [{ type: 'MigrationHalted', data }];
};

/**
 * A halt someone asked for resumes where it stopped. A halt caused by a FAILED or INCONCLUSIVE
 * certificate resumes at `transformed`: the only way on is a fresh verification and a new
 * certificate, so the rejected one can never lead to delivery.
 */
export const resumeMigration = (
  command: ResumeMigration,
  migration: Migration,
): [MigrationResumed] => {
  const { halt } = migration;
  if (migration.status !== 'halted' || !halt) throw illegalTransition(migration, command);
  const resumedTo = halt.cause.type === 'certificate' ? 'transformed' : halt.haltedIn;
  const data = {
    migrationId: migration.migrationId,
    reason: command.data.reason,
    resumedBy: command.metadata.actor,
    resumedTo,
  };
  return [{ type: 'MigrationResumed', data }];
};

export const cancelMigration = (
  command: CancelMigration,
  migration: Migration,
): [MigrationCancelled] => {
  const { status, migrationId } = migration;
  if (!isActive(status) && status !== 'halted') throw illegalTransition(migration, command);
  const data = {
    migrationId,
    reason: command.data.reason,
    cancelledBy: command.metadata.actor,
    cancelledIn: status,
  };
  return [{ type: 'MigrationCancelled', data }];
};

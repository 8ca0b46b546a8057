import { assertNever } from '../shared/decider';
import {
  completeIngestion,
  completeTransformation,
  startIngestion,
  startTransformation,
} from './decide/ingestion-transformation';
import { openMigration } from './decide/guards';
import {
  cancelMigration,
  haltMigration,
  requestMigration,
  resumeMigration,
} from './decide/lifecycle';
import {
  approveMapping,
  editMapping,
  proposeMapping,
  rejectMapping,
} from './decide/mapping-review';
import {
  confirmDelivery,
  issueCertificate,
  startDelivery,
  startVerification,
} from './decide/verification-delivery';
import type { MigrationCommand, RequestMigration } from './migration.commands';
import type { MigrationEvent } from './migration.events';
import type { Migration, MigrationState } from './migration.state';

/**
 * Rules shared by every command on an existing migration (checked by `openMigration`):
 * no stream -> MIGRATION.NOT_FOUND; cancelled -> MIGRATION.CANCELLED; completed ->
 * MIGRATION.ILLEGAL_TRANSITION. Each handler then checks that its phase may start or end now.
 */
const decideOnExisting = (
  command: Exclude<MigrationCommand, RequestMigration>,
  migration: Migration,
): MigrationEvent[] => {
  switch (command.type) {
    case 'StartIngestion':
      return startIngestion(command, migration);
    case 'CompleteIngestion':
      return completeIngestion(command, migration);
    case 'ProposeMapping':
      return proposeMapping(command, migration);
    case 'ApproveMapping':
      return approveMapping(command, migration);
    case 'RejectMapping':
      return rejectMapping(command, migration);
    case 'EditMapping':
      return editMapping(command, migration);
    case 'StartTransformation':
      return startTransformation(command, migration);
    case 'CompleteTransformation':
      return completeTransformation(command, migration);
    case 'StartVerification':
      return startVerification(command, migration);
    case 'IssueCertificate':
      return issueCertificate(command, migration);
    case 'StartDelivery':
      return startDelivery(command, migration);
    case 'ConfirmDelivery':
      return confirmDelivery(command, migration);
    case 'HaltMigration':
      return haltMigration(command, migration);
    case 'ResumeMigration':
      return resumeMigration(command, migration);
    case 'CancelMigration':
      return cancelMigration(command, migration);
    default:
      return assertNever(command);
  }
};

export const decide = (command: MigrationCommand, state: MigrationState): MigrationEvent[] =>
  command.type === 'RequestMigration'
    ? requestMigration(command, state)
    : decideOnExisting(command, openMigration(state, command));

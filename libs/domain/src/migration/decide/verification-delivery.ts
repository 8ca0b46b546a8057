import { isPassed } from '../certificate';
import { SenseiError } from '../../shared/sensei-error';
import { totalRows } from '../checkpoints';
import type {
  ConfirmDelivery,
  IssueCertificate,
  StartDelivery,
  StartVerification,
} from '../migration.commands';
import type { DeliveryStarted, MigrationEvent, VerificationStarted } from '../migration.events';
import type { Migration } from '../migration.state';
import { illegalTransition, requireStatus } from './guards';

export const startVerification = (
  command: StartVerification,
  migration: Migration,
): [VerificationStarted] => {
  requireStatus(migration, command, 'transformed');
  const { ingestion, transformation, migrationId } = migration;
  if (!ingestion || !transformation?.output) throw illegalTransition(migration, command);
  const data = {
    migrationId,
    sourceManifestHash: ingestion.manifestHash,
    outputManifestHash: transformation.output.outputManifestHash,
  };
  return [{ type: 'VerificationStarted', data }];
};

/** Anything but PASSED halts the migration in the same decision: nothing is delivered. */
export const issueCertificate = (
  command: IssueCertificate,
  migration: Migration,
): MigrationEvent[] => {
  requireStatus(migration, command, 'verifying');
  const { migrationId, ...verdict } = command.data;
  const { actor, timestamp } = command.metadata;
  const certificate = { ...verdict, issuedBy: actor, issuedAt: timestamp };
  const issued: MigrationEvent = { type: 'CertificateIssued', data: { migrationId, certificate } };
  if (verdict.status === 'PASSED') return [issued];
  const { certificateId, status, summary } = verdict;
  const reason = `Certificate ${certificateId} is ${status}${summary ? `: ${summary}` : ''}`;
  const cause = { type: 'certificate' as const, certificateId, certificateStatus: status };
  const halted = { migrationId, reason, haltedBy: actor, haltedIn: 'verifying' as const, cause };
  return [issued, { type: 'MigrationHalted', data: halted }];
};

export const startDelivery = (command: StartDelivery, migration: Migration): [DeliveryStarted] => {
  const { certificate, migrationId } = migration;
  if (!isPassed(certificate)) {
    throw new SenseiError(
      'MIGRATION.CERTIFICATE_REQUIRED',
      'Delivery requires a PASSED certificate',
      { migrationId, certificateStatus: certificate?.status ?? null },
    );
  }
  requireStatus(migration, command, 'verified');
  return [
    { type: 'DeliveryStarted', data: { migrationId, certificateId: certificate.certificateId } },
  ];
};

export const confirmDelivery = (
  command: ConfirmDelivery,
  migration: Migration,
): MigrationEvent[] => {
  requireStatus(migration, command, 'delivering');
  const { migrationId, receipt } = command.data;
  const certificateId = migration.delivery?.certificateId;
  if (receipt.certificateId !== certificateId) {
    throw new SenseiError(
      'MIGRATION.CERTIFICATE_REQUIRED',
      `The receipt names certificate ${receipt.certificateId}; delivery runs under ${certificateId}`,
      { migrationId, expected: certificateId, received: receipt.certificateId },
    );
  }
  const rowCount = totalRows(receipt.rowsPerTable);
  return [
    { type: 'DeliveryConfirmed', data: { migrationId, receipt, rowCount } },
    { type: 'MigrationCompleted', data: { migrationId, certificateId, rowCount } },
  ];
};

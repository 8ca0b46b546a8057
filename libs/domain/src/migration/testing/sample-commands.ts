import type { MigrationCommand, MigrationCommandType } from '../migration.commands';
import { command, emailMapping, manifest, source, target } from './fixtures';
import { receipt } from './histories';

/** One well-formed command of every type, for rules that hold whatever the command. */
export const sampleCommands: {
  [T in MigrationCommandType]: Extract<MigrationCommand, { type: T }>;
} = {
  RequestMigration: command('RequestMigration', { source, target }),
  StartIngestion: command('StartIngestion', {}),
  CompleteIngestion: command('CompleteIngestion', manifest),
  ProposeMapping: command('ProposeMapping', { ...emailMapping, mappingId: 'map-new' }),
  ApproveMapping: command('ApproveMapping', { mappingId: 'map-email' }),
  RejectMapping: command('RejectMapping', { mappingId: 'map-email', reason: 'Wrong column' }),
  EditMapping: command('EditMapping', {
    mappingId: 'map-email',
    newMappingId: 'map-email-2',
    changes: { expression: null },
  }),
  StartTransformation: command('StartTransformation', {}),
  CompleteTransformation: command('CompleteTransformation', {
    sqlHash: 'sha256:51c0',
    outputManifestHash: 'sha256:0a7b',
  }),
  StartVerification: command('StartVerification', {}),
  IssueCertificate: command('IssueCertificate', {
    certificateId: 'cert-2',
    status: 'PASSED',
    evidenceHash: 'sha256:e1d2c3',
    signature: 'ed25519:5f9a',
  }),
  StartDelivery: command('StartDelivery', {}),
  ConfirmDelivery: command('ConfirmDelivery', { receipt }),
  HaltMigration: command('HaltMigration', { reason: 'Operator pause' }),
  ResumeMigration: command('ResumeMigration', { reason: 'Cleared' }),
  CancelMigration: command('CancelMigration', { reason: 'No longer needed' }),
};

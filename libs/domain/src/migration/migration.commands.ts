import type { Command } from '../shared/decider';
import type { CertificateStatus } from './certificate';
import type { DeliveryReceipt, IngestedTable, LineageEdge } from './checkpoints';
import type { DataStoreRef } from './data-store';
import type { ColumnMapping, MappingChanges } from './mapping';
import type { MigrationConfig } from './migration-config';

/** Every command names the migration (its stream); actor, time and ids arrive in metadata. */
type MigrationCommandOf<Type extends string, Data = object> = Command<
  Type,
  { migrationId: string } & Data
>;

export type RequestMigration = MigrationCommandOf<
  'RequestMigration',
  { source: DataStoreRef; target: DataStoreRef; config?: MigrationConfig }
>;

export type StartIngestion = MigrationCommandOf<'StartIngestion'>;
export type CompleteIngestion = MigrationCommandOf<
  'CompleteIngestion',
  { manifestHash: string; tables: IngestedTable[]; rowCount: number }
>;

export type ProposeMapping = MigrationCommandOf<'ProposeMapping', ColumnMapping>;
export type ApproveMapping = MigrationCommandOf<
  'ApproveMapping',
  { mappingId: string; note?: string }
>;
export type RejectMapping = MigrationCommandOf<
  'RejectMapping',
  { mappingId: string; reason: string }
>;
/** A reviewer's correction: the old mapping is superseded by a new one they propose and approve. */
export type EditMapping = MigrationCommandOf<
  'EditMapping',
  { mappingId: string; newMappingId: string; changes: MappingChanges }
>;

export type StartTransformation = MigrationCommandOf<'StartTransformation'>;
export type CompleteTransformation = MigrationCommandOf<
  'CompleteTransformation',
  {
    sqlHash: string;
    outputManifestHash: string;
    rowCount?: number;
    /** Derived from the compiled mappings when absent. */
    lineage?: LineageEdge[];
  }
>;

export type StartVerification = MigrationCommandOf<'StartVerification'>;
export type IssueCertificate = MigrationCommandOf<
  'IssueCertificate',
  {
    certificateId: string;
    status: CertificateStatus;
    evidenceHash: string;
    signature: string;
    publicKey?: string;
    documentHash?: string;
    summary?: string;
  }
>;

export type StartDelivery = MigrationCommandOf<'StartDelivery'>;
export type ConfirmDelivery = MigrationCommandOf<'ConfirmDelivery', { receipt: DeliveryReceipt }>;

export type HaltMigration = MigrationCommandOf<'HaltMigration', { reason: string }>;
export type ResumeMigration = MigrationCommandOf<'ResumeMigration', { reason: string }>;
export type CancelMigration = MigrationCommandOf<'CancelMigration', { reason: string }>;

export type MigrationCommand =
  | RequestMigration
  | StartIngestion
  | CompleteIngestion
  | ProposeMapping
  | ApproveMapping
  | RejectMapping
  | EditMapping
  | StartTransformation
  | CompleteTransformation
  | StartVerification
  | IssueCertificate
  | StartDelivery
  | ConfirmDelivery
  | HaltMigration
  | ResumeMigration
  | CancelMigration;

export type MigrationCommandType = MigrationCommand['type'];

const commandTypeSet: Record<MigrationCommandType, true> = {
  RequestMigration: true,
  StartIngestion: true,
  CompleteIngestion: true,
  ProposeMapping: true,
  ApproveMapping: true,
  RejectMapping: true,
  EditMapping: true,
  StartTransformation: true,
  CompleteTransformation: true,
  StartVerification: true,
  IssueCertificate: true,
  StartDelivery: true,
  ConfirmDelivery: true,
  HaltMigration: true,
  ResumeMigration: true,
  CancelMigration: true,
};
/** Every command type, for routing (kept complete by the compiler). */
export const migrationCommandTypes = Object.keys(commandTypeSet) as readonly MigrationCommandType[];

export const isMigrationCommandType = (type: string): type is MigrationCommandType =>
  Object.hasOwn(commandTypeSet, type);

// The migration aggregate's public face; helpers used only by the decider stay internal.
export { certificateStatuses, type Certificate, type CertificateStatus } from './certificate';
export type {
  DeliveryReceipt,
  IngestedTable,
  IngestionManifest,
  LineageEdge,
  TransformationOutput,
} from './checkpoints';
export { carriesSecret, dataStoreKinds, type DataStoreKind, type DataStoreRef } from './data-store';
export type {
  ColumnMapping,
  MappingChanges,
  MappingRecord,
  MappingStatus,
  Mappings,
} from './mapping';
export {
  AUTO_APPROVER,
  MIN_REVIEW_THRESHOLD,
  REVIEW_THRESHOLD,
  type MigrationConfig,
  type ResolvedMigrationConfig,
  type ExpectationConfig,
  type VerificationConfig,
  type VerificationQuery,
  type VerificationTolerances,
} from './migration-config';
export * from './migration.commands';
export * from './migration.events';
export {
  initialState as initialMigrationState,
  migrationStatuses,
  type ActiveStatus,
  type Halt,
  type HaltCause,
  type Migration,
  type MigrationState,
  type MigrationStatus,
  type NoMigration,
} from './migration.state';
export { decide as decideMigration } from './migration.decide';
export { evolve as evolveMigration } from './migration.evolve';
export { migrationDecider, migrationStreamId } from './migration.decider';

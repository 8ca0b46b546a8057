// Read side (issue 5): public surface of projections.
export * from './event-feed';
export * from './projection';
export { ensureReadCatalog, readSchema, type BuildState } from './read-catalog';
export {
  ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionRetryPolicy,
} from './projection-runner';
export * from './projection-status';
export * from './read-side';
export * from './open-read-side';
export { RowTable, type RowColumn } from './row-table';
export { readModelProjections } from './read-models/read-model-projections';
export { migrationsProjection } from './read-models/migrations/migrations.projection';
export { activityProjection } from './read-models/activity/activity.projection';
export {
  ReadModelRepository,
  type ActivityQuery,
  type MigrationFilter,
  type PageQuery,
  type PageRequest,
  type ReadModelReadCache,
  type ReviewQueueFilter,
} from './queries/read-model-repository';
export type {
  ActivityRecord,
  CertificateRecord,
  DeliveryReceiptRecord,
  MappingRecord,
  MigrationRecord,
  MigrationTableRecord,
  PiiFindingRecord,
  ReadPage,
} from './queries/read-model-records';
export * from './http-event-feed';

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
export * from './queries/read-model-queries';
export type {
  ActivityView,
  CertificateView,
  DeliveryReceiptView,
  MappingView,
  MigrationTableView,
  MigrationView,
  PiiFindingView,
  ReadPage,
} from './queries/read-model-rows';
export * from './http-event-feed';

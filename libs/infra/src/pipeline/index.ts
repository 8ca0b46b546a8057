export * from './pipeline-context';
export * from './target-database';
export * from './ingestion-manifest';
export * from './run-migration';
export { schemaOfDdl } from './target-schema';
export * from './migration-agents';
export { refineForReview } from './refine-for-review';
export { checkPipelineSettings } from './pipeline-settings';

// Read side (issue 5): the column-level lineage graph, its adapters and its projector.
export {
  LineageGraph,
  isMigrationColumn,
  type ColumnRef,
  type LineageColumn,
  type LineageDirection,
  type LineageStep,
  type MigrationColumnRef,
  type MigrationStores,
} from './lineage-graph.port';
export { defaultLineageDepth, isLineageUnavailable, maxLineageDepth } from './lineage-steps';
export { storeId, splitQualifiedColumn } from './lineage-changes';
export * from './lineage-projector';
export * from './sql/sql-lineage-graph';
export { lineageSchema, type LineageSchema } from './sql/lineage-schema';
export * from './neo4j/neo4j-lineage-graph';
export * from './open-lineage-graph';

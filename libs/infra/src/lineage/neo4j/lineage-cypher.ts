import type { LineageDirection } from '../lineage-graph.port';

/**
 * The Neo4j model: `(:LineageColumn {key, graph, store, table, column})` nodes joined by
 * `[:FEEDS {graph, migrationId, mappingId, transform, position}]` from source to target column,
 * `(:LineageMigration {key, graph, migrationId, sourceStore, targetStore})` for the stores of each
 * migration and one `(:LineageCheckpoint {graph, position})`. `graph` names one graph, so a
 * rebuild (or a test) can fill another beside it in the same database. Single-property keys:
 * uniqueness constraints on them work in Community Edition.
 */
export const lineageSchemaCypher = [
  'CREATE CONSTRAINT lineage_column_key IF NOT EXISTS FOR (c:LineageColumn) REQUIRE c.key IS UNIQUE',
  'CREATE CONSTRAINT lineage_migration_key IF NOT EXISTS FOR (m:LineageMigration) REQUIRE m.key IS UNIQUE',
  'CREATE CONSTRAINT lineage_checkpoint_graph IF NOT EXISTS FOR (c:LineageCheckpoint) REQUIRE c.graph IS UNIQUE',
  'CREATE INDEX lineage_column_graph IF NOT EXISTS FOR (c:LineageColumn) ON (c.graph)',
  'CREATE INDEX lineage_migration_graph IF NOT EXISTS FOR (m:LineageMigration) ON (m.graph)',
  'CREATE INDEX lineage_feeds_migration IF NOT EXISTS FOR ()-[r:FEEDS]-() ON (r.graph, r.migrationId)',
];

/** JSON of the parts: no separator a store URI could contain can make two keys collide. */
export const nodeKey = (...parts: string[]): string => JSON.stringify(parts);

/**
 * Takes the checkpoint node's write lock first (the SET), so a second projector of the same graph
 * waits here and then sees the moved checkpoint instead of applying the batch again.
 */
export const lockCheckpointCypher = `
  MERGE (c:LineageCheckpoint {graph: $graph})
    ON CREATE SET c.position = 0
  SET c.lockedAt = timestamp()
  RETURN c.position AS position`;

export const setCheckpointCypher = `
  MATCH (c:LineageCheckpoint {graph: $graph}) SET c.position = $position`;

export const readCheckpointCypher = `
  OPTIONAL MATCH (c:LineageCheckpoint {graph: $graph}) RETURN c.position AS position`;

export const migrationStoresCypher = `
  MATCH (m:LineageMigration {key: $key})
  RETURN m.sourceStore AS source, m.targetStore AS target`;

export const writeMigrationCypher = `
  MERGE (m:LineageMigration {key: $key})
  SET m.graph = $graph, m.migrationId = $migrationId, m.sourceStore = $source,
      m.targetStore = $target, m.position = $position`;

export const deleteMigrationEdgesCypher = `
  MATCH ()-[r:FEEDS {graph: $graph, migrationId: $migrationId}]->() DELETE r`;

export const createEdgesCypher = `
  UNWIND $edges AS e
  MERGE (s:LineageColumn {key: e.fromKey})
    ON CREATE SET s.graph = $graph, s.store = e.from.store, s.table = e.from.table,
                  s.column = e.from.column
  MERGE (t:LineageColumn {key: e.toKey})
    ON CREATE SET t.graph = $graph, t.store = e.to.store, t.table = e.to.table,
                  t.column = e.to.column
  CREATE (s)-[:FEEDS {graph: $graph, migrationId: $migrationId, mappingId: e.mappingId,
                      transform: e.transform, position: $position}]->(t)`;

export const resetCypher = [
  'MATCH (c:LineageColumn {graph: $graph}) DETACH DELETE c',
  'MATCH (m:LineageMigration {graph: $graph}) DELETE m',
  'MATCH (c:LineageCheckpoint {graph: $graph}) DELETE c',
];

/**
 * A variable-length walk from the asked column to every column it reaches within maxDepth - 1
 * hops, with its shortest distance; then the edges on the far side of those columns, at that
 * distance + 1. Asking only for each column's minimum distance lets Neo4j plan a breadth-first
 * pruning expand (`VarLengthExpand(Pruning,BFS)`): each column is visited once, so a cycle ends
 * the walk and a graph full of diamonds costs its size, not its number of paths (3^20 paths in
 * 140 ms). `maxDepth` is a validated integer: Cypher takes no parameter there.
 */
export const walkCypher = (direction: LineageDirection, maxDepth: number): string => {
  const hops = `[:FEEDS*0..${maxDepth - 1}]`;
  const [reach, edge] =
    direction === 'upstream'
      ? [`(start)<-${hops}-(n:LineageColumn)`, '(s:LineageColumn)-[r:FEEDS]->(n)']
      : [`(start)-${hops}->(n:LineageColumn)`, '(n)-[r:FEEDS]->(t:LineageColumn)'];
  const [from, to] = direction === 'upstream' ? ['s', 'n'] : ['n', 't'];
  return `
    MATCH (start:LineageColumn {key: $key})
    MATCH p = ${reach}
    WITH n, min(length(p)) AS distance
    MATCH ${edge}
    RETURN ${from}.store AS fromStore, ${from}.table AS fromTable, ${from}.column AS fromColumn,
           ${to}.store AS toStore, ${to}.table AS toTable, ${to}.column AS toColumn,
           r.transform AS transform, r.migrationId AS migrationId, r.mappingId AS mappingId,
           distance + 1 AS depth`;
};

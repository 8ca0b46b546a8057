import type { LineageDirection } from '../lineage-graph.port';
import type { LineageSchema } from './lineage-schema';

/**
 * The recursive walk: start from the edges touching the asked column, then follow each edge's far
 * end. Rows carry their depth and UNION drops repeats, so a cycle adds at most one row per edge
 * per depth and stops at `maxDepth` ($4): cycle-safe without path arrays, whose number grows with
 * every diamond in the graph. Each edge is reported at its smallest depth.
 */
export const lineageWalkSql = (schema: LineageSchema, direction: LineageDirection): string => {
  const [near, far] = direction === 'upstream' ? ['target', 'source'] : ['source', 'target'];
  return `
    WITH RECURSIVE walk (migration_id, mapping_id, far_store, far_table, far_column, depth) AS (
      SELECT migration_id, mapping_id, ${far}_store, ${far}_table, ${far}_column, 1
        FROM ${schema.edges}
       WHERE ${near}_store = $1 AND ${near}_table = $2 AND ${near}_column = $3
      UNION
      SELECT e.migration_id, e.mapping_id, e.${far}_store, e.${far}_table, e.${far}_column, w.depth + 1
        FROM walk w
        JOIN ${schema.edges} e
          ON e.${near}_store = w.far_store AND e.${near}_table = w.far_table
         AND e.${near}_column = w.far_column
       WHERE w.depth < $4::int
    )
    SELECT e.migration_id, e.mapping_id, e.transform,
           e.source_store, e.source_table, e.source_column,
           e.target_store, e.target_table, e.target_column,
           nearest.depth
      FROM (SELECT migration_id, mapping_id, min(depth) AS depth
              FROM walk GROUP BY migration_id, mapping_id) nearest
      JOIN ${schema.edges} e USING (migration_id, mapping_id)`;
};

export interface LineageWalkRow {
  migration_id: string;
  mapping_id: string;
  transform: string;
  source_store: string;
  source_table: string;
  source_column: string;
  target_store: string;
  target_table: string;
  target_column: string;
  depth: number | string;
}

import { SenseiError } from '@sensei/domain';

/**
 * Where the SQL lineage graph lives: one edges table (a node is a store + table + column, named
 * by the edges that touch it), the stores of each migration, and the graph's checkpoint, all in
 * one schema (`read` by default) so writes and checkpoint commit together.
 */
export interface LineageSchema {
  name: string;
  edges: string;
  migrations: string;
  checkpoint: string;
}

export const lineageSchema = (name = 'read'): LineageSchema => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
    throw new SenseiError(
      'VALIDATION.FAILED',
      `lineage schema name "${name}" must be lower-case letters, digits and underscores`,
      { field: 'schema' },
    );
  }
  return {
    name,
    edges: `${name}.lineage_edges`,
    migrations: `${name}.lineage_migrations`,
    checkpoint: `${name}.lineage_checkpoint`,
  };
};

export const createLineageSchemaSql = (schema: LineageSchema): string[] => [
  `CREATE SCHEMA IF NOT EXISTS ${schema.name}`,
  `CREATE TABLE IF NOT EXISTS ${schema.migrations} (
     migration_id text PRIMARY KEY,
     source_store text NOT NULL,
     target_store text NOT NULL,
     position bigint NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS ${schema.edges} (
     migration_id text NOT NULL,
     mapping_id text NOT NULL,
     source_store text NOT NULL,
     source_table text NOT NULL,
     source_column text NOT NULL,
     target_store text NOT NULL,
     target_table text NOT NULL,
     target_column text NOT NULL,
     transform text NOT NULL,
     position bigint NOT NULL,
     PRIMARY KEY (migration_id, mapping_id)
   )`,
  // One index per walking direction: upstream joins on the target column, downstream on the source.
  `CREATE INDEX IF NOT EXISTS lineage_edges_by_target
     ON ${schema.edges} (target_store, target_table, target_column)`,
  `CREATE INDEX IF NOT EXISTS lineage_edges_by_source
     ON ${schema.edges} (source_store, source_table, source_column)`,
  `CREATE TABLE IF NOT EXISTS ${schema.checkpoint} (
     name text PRIMARY KEY,
     position bigint NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
];

import { SenseiError } from '@sensei/domain';
import type { SqlClient } from '../sql/sql-client';
import type { LineageGraph } from './lineage-graph.port';
import { Neo4jLineageGraph } from './neo4j/neo4j-lineage-graph';
import { SqlLineageGraph } from './sql/sql-lineage-graph';

export const defaultNeo4jUrl = 'bolt://127.0.0.1:7687';

/** The settings `openLineageGraph` reads (a subset of the process environment). */
export interface LineageEnv {
  /** `sql` (default): tables in the read database; `neo4j`: the Neo4j server at NEO4J_URL. */
  SENSEI_LINEAGE?: string;
  NEO4J_URL?: string;
  NEO4J_USER?: string;
  NEO4J_PASSWORD?: string;
  NEO4J_DATABASE?: string;
}

/**
 * The lineage graph this installation is configured for. Neo4j is not contacted here: a server
 * that is down at start delays lineage (the projector retries), never the process.
 */
export const openLineageGraph = async (
  env: LineageEnv,
  readDatabase: SqlClient,
): Promise<LineageGraph> => {
  const kind = (env.SENSEI_LINEAGE ?? 'sql').trim().toLowerCase() || 'sql';
  if (kind === 'sql') return SqlLineageGraph.open(readDatabase);
  if (kind === 'neo4j') {
    return new Neo4jLineageGraph({
      url: env.NEO4J_URL ?? defaultNeo4jUrl,
      ...(env.NEO4J_USER === undefined ? {} : { user: env.NEO4J_USER }),
      ...(env.NEO4J_PASSWORD === undefined ? {} : { password: env.NEO4J_PASSWORD }),
      ...(env.NEO4J_DATABASE === undefined ? {} : { database: env.NEO4J_DATABASE }),
    });
  }
  throw new SenseiError(
    'VALIDATION.FAILED',
    `SENSEI_LINEAGE must be "sql" or "neo4j", got "${env.SENSEI_LINEAGE}"`,
    { field: 'SENSEI_LINEAGE' },
  );
};

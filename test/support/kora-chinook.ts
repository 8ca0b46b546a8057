import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  compileTransformation,
  proposeMappings,
  SOURCE_RELATION,
  type CompiledTransformation,
  type DatabaseSchema,
} from '@sensei/domain';
import { defaultTolerances, type TablePair, type VerificationInput } from '@sensei/kora';
import { LocalDirectoryArtifactStore } from '../../libs/infra/src/artifacts/local-directory-artifact-store';
import { openDuckDbSession } from '../../libs/infra/src/pipeline-io/duckdb-session';
import { writeTablePartitions } from '../../libs/infra/src/pipeline-io/partition-writer';
import { executeTransformation } from '../../libs/infra/src/pipeline-io/transform-executor';
import {
  registerVerificationRelations,
  type VerifiedTableParts,
} from '../../libs/infra/src/pipeline/verification/verification-relations';
import { chinookRowBatches } from './chinook-rows';
import { chinookPostgresTarget, chinookSqliteSchema } from './chinook-schemas';

export interface ChinookVerification {
  connection: DuckDBConnection;
  pairs: TablePair[];
  source: DatabaseSchema;
  target: DatabaseSchema;
  compiled: CompiledTransformation;
  /** A VerificationInput with the defaults, optionally overridden. */
  input(overrides?: Partial<VerificationInput>): VerificationInput;
  /** Replaces `kora_target.<table>` by a writable copy, so a test can mutate the output. */
  materializeTarget(table: string): Promise<string>;
  /** Points the table back at the untouched output. */
  restoreTarget(table: string): Promise<void>;
  close(): Promise<void>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The real pipeline on the real Chinook SQLite file up to verification: source partitions, the
 * mappings MABA proposes for the PostgreSQL target (all taken), the compiled transformation run
 * per partition, and KORA's DuckDB relations over both. `tables` (source names) limits the set.
 */
export const openChinookVerification = async (tables?: string[]): Promise<ChinookVerification> => {
  const dir = mkdtempSync(join(tmpdir(), 'sensei-kora-'));
  const store = new LocalDirectoryArtifactStore(join(dir, 'artifacts'));
  const source = await chinookSqliteSchema();
  const postgres = await chinookPostgresTarget();
  const target = postgres.schema;
  await postgres.sql.close();
  const mappings = proposeMappings({ source, target }).mappings.filter(
    (m) => !tables || tables.includes(m.sourceTable),
  );
  const compiled = compileTransformation({ mappings, source, target, hashOf: sha256 });
  const parts: VerifiedTableParts[] = [];
  for (const table of compiled.tables) {
    const schema = source.tables.find((t) => t.name === table.sourceTable)!;
    const orderBy = schema.primaryKey.map((column) => `"${column}"`).join(', ');
    const sourcePartitions = await writeTablePartitions(
      store,
      schema,
      chinookRowBatches(schema.name, orderBy, 1000),
      { rowsPerPartition: 2000 },
    );
    const targetPartitions = await executeTransformation(store, {
      targetTable: table.targetTable,
      sql: table.sql,
      sources: { [SOURCE_RELATION]: sourcePartitions },
    });
    parts.push({
      targetTable: table.targetTable,
      sourceTable: table.sourceTable,
      sourcePartitions,
      targetPartitions,
    });
  }
  const session = await openDuckDbSession();
  const { connection } = session;
  const { pairs, release } = await registerVerificationRelations(
    connection,
    store,
    compiled,
    target,
    parts,
  );
  return {
    connection,
    pairs,
    source,
    target,
    compiled,
    input: (overrides = {}) => ({
      connection,
      tables: pairs,
      targetSchema: target.tables,
      tolerances: defaultTolerances,
      maxQueries: 1000,
      userQueries: [],
      expectations: {},
      diffKeyLimit: 20,
      maxKsStatistic: 0.01,
      maxNullRatioDelta: 0,
      ...overrides,
    }),
    materializeTarget: async (table) => {
      const pair = pairs.find((p) => p.targetTable === table || p.sourceTable === table);
      if (!pair) throw new Error(`no verified table ${table}`);
      const copy = `kora_target."${pair.targetTable}__mutable"`;
      await connection.run(
        `CREATE OR REPLACE TABLE ${copy} AS SELECT * FROM ${pair.targetRelation}`,
      );
      pair.targetRelation = copy;
      return copy;
    },
    restoreTarget: async (table) => {
      const pair = pairs.find((p) => p.targetTable === table || p.sourceTable === table);
      if (!pair) throw new Error(`no verified table ${table}`);
      const copy = pair.targetRelation;
      pair.targetRelation = `kora_target."${pair.targetTable}"`;
      if (copy !== pair.targetRelation) await connection.run(`DROP TABLE IF EXISTS ${copy}`);
    },
    close: async () => {
      await release();
      session.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

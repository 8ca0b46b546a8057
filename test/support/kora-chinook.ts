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
import { defaultVerificationSettings, type TablePair, type VerificationInput } from '@sensei/kora';
import { LocalDirectoryArtifactStore } from '../../libs/infra/src/artifacts/local-directory-artifact-store';
import { openVerificationSession } from '../../libs/infra/src/pipeline/verification/verification-session';
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
  /** How long registering KORA's relations took (loading them into DuckDB tables included). */
  relationsMs: number;
  pairs: TablePair[];
  source: DatabaseSchema;
  target: DatabaseSchema;
  compiled: CompiledTransformation;
  /** A VerificationInput with the defaults, optionally overridden. */
  input(overrides?: Partial<VerificationInput>): VerificationInput;
  /** Replaces `kora_target.<table>` by a writable copy of the untouched output. */
  materializeTarget(table: string): Promise<string>;
  /** A fresh writable copy of `table`, then each statement with `{t}` standing for the copy. */
  mutate(table: string, ...statements: string[]): Promise<string>;
  /** Points the table back at the untouched output. */
  restoreTarget(table: string): Promise<void>;
  /** Points every table back at the untouched output (for `afterEach`). */
  restoreAll(): Promise<void>;
  close(): Promise<void>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The real pipeline on the real Chinook SQLite file up to verification: source partitions, the
 * mappings MABA proposes for the PostgreSQL target (all taken), the compiled transformation run
 * per partition, and KORA's DuckDB relations over both. `tables` (source names) limits the set;
 * `loadRows` is the budget of rows loaded into DuckDB tables (0: every relation a view), `env`
 * the verification session's settings (default: the process's).
 */
export const openChinookVerification = async (
  tables?: string[],
  options: { loadRows?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<ChinookVerification> => {
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
  // The Validator's DuckDB set-up: what the specs and the replay bench measure is what runs.
  const session = await openVerificationSession(options.env);
  const { connection, readers } = session;
  const registering = performance.now();
  const { pairs, release } = await registerVerificationRelations(
    connection,
    store,
    compiled,
    target,
    parts,
    options.loadRows,
  );
  const relationsMs = performance.now() - registering;
  const pairOf = (table: string) => {
    const pair = pairs.find((p) => p.targetTable === table || p.sourceTable === table);
    if (!pair) throw new Error(`no verified table ${table}`);
    return pair;
  };
  const untouched = (pair: TablePair) => `kora_target."${pair.targetTable}"`;
  const materializeTarget = async (table: string) => {
    const pair = pairOf(table);
    const copy = `kora_target."${pair.targetTable}__mutable"`;
    await connection.run(`CREATE OR REPLACE TABLE ${copy} AS SELECT * FROM ${untouched(pair)}`);
    pair.targetRelation = copy;
    return copy;
  };
  const restoreTarget = async (table: string) => {
    const pair = pairOf(table);
    const copy = pair.targetRelation;
    pair.targetRelation = untouched(pair);
    if (copy.endsWith('__mutable"')) await connection.run(`DROP TABLE IF EXISTS ${copy}`);
  };
  return {
    connection,
    relationsMs,
    pairs,
    source,
    target,
    compiled,
    input: (overrides = {}) => ({
      ...defaultVerificationSettings,
      connection,
      readers,
      tables: pairs,
      targetSchema: target.tables,
      ...overrides,
    }),
    materializeTarget,
    mutate: async (table, ...statements) => {
      const copy = await materializeTarget(table);
      for (const sql of statements) await connection.run(sql.replaceAll('{t}', copy));
      return copy;
    },
    restoreTarget,
    restoreAll: async () => {
      for (const pair of pairs) await restoreTarget(pair.targetTable);
    },
    close: async () => {
      await release();
      session.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

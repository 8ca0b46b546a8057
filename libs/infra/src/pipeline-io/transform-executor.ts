import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SenseiError } from '@sensei/domain';
import type { ArtifactStore, LocalArtifactFile } from '../artifacts/artifact-store.port';
import {
  openDuckDbSession,
  parquetCopyOptions,
  quoteDuckDbIdentifier as quote,
  quoteDuckDbString,
  type DuckDbSession,
} from './duckdb-session';
import type { PartitionDescriptor } from './partition-descriptor';

/**
 * One target table's transformation. `sql` is a DuckDB SELECT that reads its inputs from views
 * named by the keys of `sources` (the SQL quotes them as identifiers: `FROM "public.customer"`).
 * Each view is `read_parquet` over that source table's partitions, except the `drivingSource`:
 * the SQL runs once per partition of it, with its view showing just that partition, so output
 * partition i is the transformation of input partition i. Other sources (lookups, joins) show
 * all their partitions every time.
 */
export interface TransformationStep {
  targetTable: string;
  sql: string;
  sources: Record<string, PartitionDescriptor[]>;
  /** Default: the only key of `sources`. */
  drivingSource?: string;
}

const drivingSourceOf = (step: TransformationStep): string => {
  const names = Object.keys(step.sources);
  const driving = step.drivingSource ?? (names.length === 1 ? names[0] : undefined);
  if (driving === undefined || !step.sources[driving]) {
    throw new SenseiError(
      'VALIDATION.FAILED',
      `transformation of ${step.targetTable}: name its driving source (one of ${names.join(', ') || 'none'})`,
      { targetTable: step.targetTable, sources: names },
    );
  }
  return driving;
};

const createView = async (session: DuckDbSession, name: string, files: string[]) => {
  const list = files.map(quoteDuckDbString).join(', ');
  await session.connection.run(
    `CREATE OR REPLACE VIEW ${quote(name)} AS SELECT * FROM read_parquet([${list}])`,
  );
};

/**
 * Runs the step with one DuckDB thread and writes each output partition as Parquet to the store:
 * the same partitions and the same SQL give byte-identical outputs, hence the same hashes.
 * Deterministic row order inside a partition is the SQL's job where it joins or aggregates
 * (ORDER BY); a plain projection keeps the input order.
 */
export const executeTransformation = async (
  store: ArtifactStore,
  step: TransformationStep,
  options: { scratchDirectory?: string } = {},
): Promise<PartitionDescriptor[]> => {
  const driving = drivingSourceOf(step);
  const session = await openDuckDbSession();
  const scratch = await mkdtemp(join(options.scratchDirectory ?? tmpdir(), 'sensei-transform-'));
  const held: LocalArtifactFile[] = [];
  const fileOf = async (partition: PartitionDescriptor) => {
    const local = await store.localFile(partition.hash);
    held.push(local);
    return local.path;
  };
  try {
    for (const [name, partitions] of Object.entries(step.sources)) {
      if (name !== driving)
        await createView(session, name, await Promise.all(partitions.map(fileOf)));
    }
    const outputs: PartitionDescriptor[] = [];
    const inputs = [...(step.sources[driving] ?? [])].sort((a, b) => a.index - b.index);
    for (const input of inputs) {
      const file = join(scratch, `${input.index}.parquet`);
      // The driving file is needed for this partition only: a remote store may free it at once.
      const local = await store.localFile(input.hash);
      const rowCount = await runOnPartition(
        session,
        step,
        driving,
        input,
        local.path,
        file,
      ).finally(() => local.release());
      const stored = await store.put({ file });
      await rm(file);
      outputs.push({ table: step.targetTable, index: input.index, rowCount, ...stored });
    }
    return outputs;
  } finally {
    session.close();
    await Promise.all(held.map((local) => local.release()));
    await rm(scratch, { recursive: true, force: true });
  }
};

const runOnPartition = async (
  session: DuckDbSession,
  step: TransformationStep,
  driving: string,
  input: PartitionDescriptor,
  inputFile: string,
  outputFile: string,
): Promise<number> => {
  await createView(session, driving, [inputFile]);
  try {
    const written = await session.connection.run(
      `COPY (${step.sql}) TO ${quoteDuckDbString(outputFile)} ${parquetCopyOptions}`,
    );
    return Number(written.rowsChanged);
  } catch (error) {
    throw new SenseiError(
      'VALIDATION.FAILED',
      `transformation of ${step.targetTable} failed on ${driving} partition ${input.index}: ${error instanceof Error ? error.message : String(error)}`,
      { targetTable: step.targetTable, partition: input.hash },
    );
  }
};

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SenseiError } from '@sensei/domain';
import { partitionConcurrency, positiveInteger } from './partition-concurrency';
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
 * Partitions transformed at once unless the caller says: `SENSEI_TRANSFORM_CONCURRENCY`, else
 * two (one on a one-core machine); the output bytes are the same at any setting.
 */
export const transformationConcurrency = (env: NodeJS.ProcessEnv = process.env): number =>
  partitionConcurrency('SENSEI_TRANSFORM_CONCURRENCY', env);

export interface TransformationOptions {
  /** Where DuckDB writes a file before it goes to the store (default: the OS temp directory). */
  scratchDirectory?: string;
  /** Driving partitions transformed at once (default: `transformationConcurrency()`). */
  concurrency?: number;
  /** Called each time an output partition is stored, with the rows stored so far. */
  onRows?: (rows: number) => void;
}

/**
 * Runs the step and writes each output partition as Parquet to the store. Every partition is
 * written by one COPY on a one-thread DuckDB session, whichever of the `concurrency` sessions
 * takes it: the same partitions and the same SQL give byte-identical outputs, hence the same
 * hashes. Deterministic row order inside a partition is the SQL's job where it joins or
 * aggregates (ORDER BY); a plain projection keeps the input order. Outputs come in input order.
 * When partitions fail, the lowest-numbered failure is reported, once every session has stopped.
 */
export const executeTransformation = async (
  store: ArtifactStore,
  step: TransformationStep,
  options: TransformationOptions = {},
): Promise<PartitionDescriptor[]> => {
  const driving = drivingSourceOf(step);
  const inputs = [...(step.sources[driving] ?? [])].sort((a, b) => a.index - b.index);
  const concurrency =
    options.concurrency === undefined
      ? transformationConcurrency()
      : positiveInteger(options.concurrency, 'concurrency', options.concurrency);
  // At least one session even without partitions: a broken lookup source still fails the step.
  const sessionCount = Math.max(1, Math.min(concurrency, inputs.length));
  const scratch = await mkdtemp(join(options.scratchDirectory ?? tmpdir(), 'sensei-transform-'));
  const held: LocalArtifactFile[] = [];
  const sessions: DuckDbSession[] = [];
  const fileOf = async (partition: PartitionDescriptor) => {
    const local = await store.localFile(partition.hash);
    held.push(local);
    return local.path;
  };
  try {
    const lookups: Array<[string, string[]]> = [];
    for (const [name, partitions] of Object.entries(step.sources)) {
      if (name !== driving) lookups.push([name, await Promise.all(partitions.map(fileOf))]);
    }
    const outputs: PartitionDescriptor[] = [];
    const failures: Array<{ position: number; error: unknown }> = [];
    let next = 0;
    let rowsStored = 0;
    const work = async () => {
      let position = -1;
      try {
        const session = await openDuckDbSession();
        sessions.push(session);
        for (const [name, files] of lookups) await createView(session, name, files);
        while (failures.length === 0 && next < inputs.length) {
          position = next++;
          const output = await transformPartition(
            store,
            session,
            step,
            driving,
            inputs[position]!,
            scratch,
          );
          outputs[position] = output;
          rowsStored += output.rowCount;
          options.onRows?.(rowsStored);
        }
      } catch (error) {
        failures.push({ position, error });
      }
    };
    await Promise.all(Array.from({ length: sessionCount }, work));
    const first = failures.sort((a, b) => a.position - b.position)[0];
    if (first) throw first.error;
    return outputs;
  } finally {
    for (const session of sessions) session.close();
    await Promise.all(held.map((local) => local.release()));
    await rm(scratch, { recursive: true, force: true });
  }
};

/** One driving partition: the SQL over it to a scratch file, then into the store. */
const transformPartition = async (
  store: ArtifactStore,
  session: DuckDbSession,
  step: TransformationStep,
  driving: string,
  input: PartitionDescriptor,
  scratch: string,
): Promise<PartitionDescriptor> => {
  const file = join(scratch, `${input.index}.parquet`);
  // The driving file is needed for this partition only: a remote store may free it at once.
  const local = await store.localFile(input.hash);
  const rowCount = await runOnPartition(session, step, driving, input, local.path, file).finally(
    () => local.release(),
  );
  const stored = await store.put({ file });
  await rm(file);
  return { table: step.targetTable, index: input.index, rowCount, ...stored };
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

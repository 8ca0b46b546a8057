import {
  detectPiiInRows,
  type IngestedTable,
  type Migration,
  profileRows,
  type TableSchema,
} from '@sensei/domain';
import {
  DEFAULT_SAMPLE_ROWS,
  type SourceConnector,
} from '../connectors/source/source-connector.port';
import {
  csvLoadable,
  writeCsvPartitions,
  writeTablePartitions,
  type WritePartitionsOptions,
} from '../pipeline-io/partition-writer';
import {
  ambiguousEncoding,
  type EncodingVerdicts,
  sampleEncodings,
  withUtf8Text,
} from './encoding-guard';
import type { IngestedTableDocument, IngestionManifestDocument } from './ingestion-manifest';
import { putJson } from './json-artifacts';
import type { PipelineContext } from './pipeline-context';

const streamBatchRows = 10_000;

export interface IngestionResult {
  manifestHash: string;
  tables: IngestedTable[];
  rowCount: number;
}

const selectedTables = (migration: Migration, tables: TableSchema[]): TableSchema[] => {
  const wanted = migration.config.tables;
  return wanted ? tables.filter((table) => wanted.includes(table.name)) : tables;
};

/** Scout (discover, profile, PII, encoding) and Worker (partitions) for one table. */
const ingestTable = async (
  context: PipelineContext,
  migration: Migration,
  source: SourceConnector,
  table: TableSchema,
): Promise<IngestedTableDocument> => {
  const columns = table.columns.map((column) => column.name);
  const sample = await source.sample(
    table.name,
    migration.config.sampleSize ?? DEFAULT_SAMPLE_ROWS,
  );
  const verdicts = sampleEncodings(table, sample);
  for (const [column, verdict] of verdicts) {
    if (verdict.action === 'review') throw ambiguousEncoding(table.name, column, verdict.evidence);
  }
  const partitionOptions = {
    rowsPerPartition: migration.config.rowsPerPartition ?? context.rowsPerPartition,
    scratchDirectory: context.scratchDirectory,
  };
  // Bulk path: the engine's CSV straight into DuckDB, when nothing needs converting on the way.
  const partitions =
    source.streamCsv && verdicts.size === 0 && csvLoadable(table)
      ? await writeCsvPartitions(context.artifacts, table, source.streamCsv(table.name), {
          ...partitionOptions,
          onRows: (rows) =>
            context.progress.tableProgress('ingestion', table.name, rows, table.rowCount),
        })
      : await writeRowPartitions(context, source, table, verdicts, partitionOptions);
  return {
    name: table.name,
    rowCount: partitions.reduce((sum, partition) => sum + partition.rowCount, 0),
    sampledRows: sample.length,
    profiles: profileRows(columns, sample),
    pii: detectPiiInRows(columns, sample),
    encoding: [...verdicts].map(([column, verdict]) => ({ column, verdict })),
    partitions,
  };
};

/** The row path: every value through the connector's conventions and DuckDB's appender. */
const writeRowPartitions = (
  context: PipelineContext,
  source: SourceConnector,
  table: TableSchema,
  verdicts: EncodingVerdicts,
  options: WritePartitionsOptions,
) => {
  let rows = 0;
  const counted = async function* () {
    for await (const batch of withUtf8Text(
      table,
      verdicts,
      source.stream(table.name, { batchRows: streamBatchRows }),
    )) {
      rows += batch.length;
      context.progress.tableProgress('ingestion', table.name, rows, table.rowCount);
      yield batch;
    }
  };
  return writeTablePartitions(context.artifacts, table, counted(), options);
};

/**
 * Reads the source once, from one snapshot, into content-addressed Parquet partitions and an
 * Ingestion Manifest. Re-running after a crash writes the same bytes, so it is safe to repeat.
 */
export const runIngestion = async (
  context: PipelineContext,
  migration: Migration,
): Promise<IngestionResult> => {
  const source = await context.openSource(migration.source);
  try {
    const schema = await source.discover();
    const tables = selectedTables(migration, schema.tables);
    context.progress.phaseStarted('ingestion', `${tables.length} tables from ${source.engine}`);
    const ingested: IngestedTableDocument[] = [];
    for (const table of tables) ingested.push(await ingestTable(context, migration, source, table));
    const manifest: IngestionManifestDocument = {
      kind: 'sensei.ingestion-manifest',
      version: 1,
      source: {
        kind: migration.source.kind,
        uri: migration.source.uri,
        snapshot: source.snapshot,
      },
      schema: { ...schema, tables },
      tables: ingested,
    };
    const stored = await putJson(context.artifacts, manifest);
    const rowCount = ingested.reduce((sum, table) => sum + table.rowCount, 0);
    context.progress.phaseDone('ingestion', `${rowCount} rows in ${ingested.length} tables`);
    return {
      manifestHash: stored.hash,
      rowCount,
      tables: ingested.map((table) => ({
        name: table.name,
        rowCount: table.rowCount,
        partitionCount: table.partitions.length,
        piiColumns: table.pii.map((finding) => finding.column),
      })),
    };
  } finally {
    await source.close();
  }
};

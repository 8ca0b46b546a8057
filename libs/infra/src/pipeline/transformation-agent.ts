import {
  type ColumnMapping,
  compileTransformation,
  type CompiledTransformation,
  type DatabaseSchema,
  type Migration,
  SOURCE_RELATION,
} from '@sensei/domain';
import { executeTransformation } from '../pipeline-io/transform-executor';
import type { IngestionManifestDocument, OutputManifestDocument } from './ingestion-manifest';
import { putJson, sha256Hex } from './json-artifacts';
import { loadIngestionManifest, loadTargetSchema } from './mapping-agent';
import type { PipelineContext } from './pipeline-context';

export interface TransformationResult {
  sqlHash: string;
  outputManifestHash: string;
  rowCount: number;
  compiled: CompiledTransformation;
}

export const approvedMappings = (migration: Migration): ColumnMapping[] =>
  (migration.transformation?.mappingIds ?? []).flatMap((id) => {
    const mapping = migration.mappings.get(id);
    return mapping ? [mapping] : [];
  });

/** The approved mappings as deterministic DuckDB SQL: same mappings, same text, same hash. */
export const compileApprovedMappings = (
  migration: Migration,
  manifest: IngestionManifestDocument,
  target: DatabaseSchema,
): CompiledTransformation =>
  compileTransformation({
    mappings: approvedMappings(migration),
    source: manifest.schema,
    target,
    piiPolicy: migration.config.pii,
    hashOf: sha256Hex,
  });

/**
 * Compiles the approved mappings into deterministic DuckDB SQL, stores it content-addressed
 * (its artifact hash is the `sqlHash` of TransformationCompleted), runs it per source partition
 * and stores the output partitions and their manifest. Same input, same bytes out.
 */
export const runTransformation = async (
  context: PipelineContext,
  migration: Migration,
): Promise<TransformationResult> => {
  const manifest = await loadIngestionManifest(context.artifacts, migration);
  const target = await loadTargetSchema(context, migration);
  const compiled = compileApprovedMappings(migration, manifest, target);
  const sqlArtifact = await context.artifacts.put(Buffer.from(compiled.canonicalText, 'utf8'));
  context.progress.phaseStarted('transformation', `${compiled.tables.length} tables`);
  const outputs: OutputManifestDocument['tables'] = [];
  // Tables one after another (progress displays time each table from the previous report);
  // inside a table, partitions run on several DuckDB sessions at once.
  for (const table of compiled.tables) {
    const partitions = manifest.tables.find((t) => t.name === table.sourceTable)?.partitions ?? [];
    const inputRows = partitions.reduce((sum, partition) => sum + partition.rowCount, 0);
    const output = await executeTransformation(
      context.artifacts,
      {
        targetTable: table.targetTable,
        sql: table.sql,
        sources: { [SOURCE_RELATION]: partitions },
      },
      {
        scratchDirectory: context.scratchDirectory,
        onRows: (rows) =>
          context.progress.tableProgress('transformation', table.targetTable, rows, inputRows),
      },
    );
    const rowCount = output.reduce((sum, partition) => sum + partition.rowCount, 0);
    context.progress.tableProgress('transformation', table.targetTable, rowCount, rowCount);
    outputs.push({
      name: table.targetTable,
      sourceTable: table.sourceTable,
      rowCount,
      partitions: output,
    });
  }
  const document: OutputManifestDocument = {
    kind: 'sensei.output-manifest',
    version: 1,
    sqlHash: sqlArtifact.hash,
    loadOrder: compiled.loadOrder.tables,
    tables: outputs,
  };
  const stored = await putJson(context.artifacts, document);
  const rowCount = outputs.reduce((sum, table) => sum + table.rowCount, 0);
  context.progress.phaseDone('transformation', `${rowCount} rows into ${outputs.length} tables`);
  return { sqlHash: sqlArtifact.hash, outputManifestHash: stored.hash, rowCount, compiled };
};

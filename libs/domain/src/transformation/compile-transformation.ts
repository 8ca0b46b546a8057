import type { DatabaseSchema } from '../catalog/catalog';
import type { LineageEdge } from '../migration/checkpoints';
import type { ColumnMapping } from '../migration/mapping';
import { SenseiError } from '../shared/sensei-error';
import { compileTable, SOURCE_RELATION, type CompiledTable } from './compile-table';
import { loadOrder, type LoadOrder } from './load-order';
import type { PiiPolicy } from '../ingestion/pii-policy';

export interface TransformationRequest {
  /** Approved mappings only: the compiler does not judge confidence. */
  mappings: readonly ColumnMapping[];
  source: DatabaseSchema;
  target: DatabaseSchema;
  piiPolicy?: PiiPolicy;
  /** Name the SQL reads its source rows from (default `source_rows`). */
  sourceRelation?: string;
  /**
   * SHA-256 hex of a text. Injected because the domain does no I/O and has no crypto library:
   * infra passes `createHash('sha256')`.
   */
  hashOf: (text: string) => string;
}

export interface CompiledTransformation {
  tables: (CompiledTable & { sqlHash: string })[];
  loadOrder: LoadOrder;
  lineage: LineageEdge[];
  /** Every table's SQL, in target-name order: what `sqlHash` is the hash of. */
  canonicalText: string;
  sqlHash: string;
}

/** Compiles approved mappings into one deterministic DuckDB SELECT per target table. */
export const compileTransformation = (request: TransformationRequest): CompiledTransformation => {
  const relation = request.sourceRelation ?? SOURCE_RELATION;
  const targets = [...new Set(request.mappings.map((m) => m.targetTable))].sort();
  const tables = targets.map((name) => {
    const target = request.target.tables.find((t) => t.name === name);
    if (!target) {
      throw new SenseiError('VALIDATION.FAILED', `target table ${name} does not exist`, {
        field: 'mappings',
        targetTable: name,
      });
    }
    const mappings = request.mappings.filter((m) => m.targetTable === name);
    const compiled = compileTable(target, mappings, request.source, request.piiPolicy, relation);
    return { ...compiled, sqlHash: request.hashOf(compiled.sql) };
  });
  const canonicalText = tables.map((t) => `-- ${t.targetTable}\n${t.sql};\n`).join('\n');
  return {
    tables,
    loadOrder: loadOrder(request.target, targets),
    lineage: tables.flatMap((t) => t.lineage),
    canonicalText,
    sqlHash: request.hashOf(canonicalText),
  };
};

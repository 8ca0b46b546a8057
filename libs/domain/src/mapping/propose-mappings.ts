import type { DatabaseSchema, TableSchema } from '../catalog/catalog';
import type { ColumnMapping } from '../migration/mapping';
import { REVIEW_THRESHOLD } from '../migration/migration-config';
import { greedyOneToOne } from './assignment';
import type { ColumnProfiles } from './column-profile';
import { scoreColumnPair, type ColumnPairScore } from './column-score';
import { nameSimilarity } from './name-similarity';
import { matchTables, type TableCorrespondence } from './table-matching';
import {
  requiredColumnBlocker,
  unmappedTargetColumns,
  type UnmappedSourceColumn,
  type UnmappedTargetColumn,
} from './unmapped';

export interface MappingRequest {
  source: DatabaseSchema;
  target: DatabaseSchema;
  /** Keyed by `table.column` of each side; target profiles are usually absent (empty target). */
  sourceProfiles?: ColumnProfiles;
  targetProfiles?: ColumnProfiles;
  /** Prefix of the deterministic mapping ids; change it for a second proposal round. */
  idPrefix?: string;
}

export interface MappingProposal {
  /** `unmappable`: some target column can be filled by nothing; see `blockers`. */
  status: 'mappable' | 'unmappable';
  tables: TableCorrespondence[];
  mappings: ColumnMapping[];
  unmappedTargetColumns: UnmappedTargetColumn[];
  /** Source data no mapping carries: it would not reach the target. */
  unmappedSourceColumns: UnmappedSourceColumn[];
  unmatchedSourceTables: string[];
  unmatchedTargetTables: string[];
  blockers: string[];
}

/** Below this a pairing is noise, not a proposal: the target column is left unmapped instead. */
export const MIN_PROPOSAL_CONFIDENCE = 0.4;
/** A tie, or a table pairing that is itself a guess, is a question for a human. */
const tiedCeiling = REVIEW_THRESHOLD - 0.02;
const guessedTableCeiling = REVIEW_THRESHOLD - 0.02;

type Scored = ColumnPairScore & { left: string; right: string; score: number };

const mapColumns = (
  s: TableSchema,
  t: TableSchema,
  request: MappingRequest,
  tables: Map<string, string>,
) => {
  const candidates: Scored[] = s.columns.flatMap((sc) =>
    t.columns.map((tc) => {
      const score = scoreColumnPair(s, sc, t, tc, { ...request, tables });
      return { ...score, left: sc.name, right: tc.name, score: score.confidence };
    }),
  );
  const viable = candidates.filter((c) => c.score >= MIN_PROPOSAL_CONFIDENCE);
  // Columns of tables paired only by a guess (`Cust` ~ `customer`) inherit the doubt.
  const tableCeiling = nameSimilarity(s.name, t.name).kind === 'exact' ? 1 : guessedTableCeiling;
  return greedyOneToOne(viable).map((pair): ColumnMapping => {
    const tied = pair.rival !== undefined;
    const ceiling = Math.min(tableCeiling, tied ? tiedCeiling : 1);
    return {
      mappingId: `${request.idPrefix ?? 'map'}:${s.name}.${pair.left}:${t.name}.${pair.right}`,
      sourceTable: s.name,
      sourceColumn: pair.left,
      targetTable: t.name,
      targetColumn: pair.right,
      ...(pair.expression === undefined ? {} : { expression: pair.expression }),
      confidence: Math.min(pair.score, ceiling),
      rationale: [
        pair.rationale,
        ...(tied
          ? [`tied with ${pair.rival?.left}->${pair.rival?.right} (${pair.rival?.score})`]
          : []),
        ...(tableCeiling < 1 ? [`tables ${s.name} ~ ${t.name} matched by a guess`] : []),
      ].join('; '),
    };
  });
};

/** MABA: proposes table and column correspondences, with confidence and the evidence behind it. */
export const proposeMappings = (request: MappingRequest): MappingProposal => {
  const { source, target } = request;
  const tables = matchTables(source, target);
  const correspondences = new Map(tables.map((t) => [t.sourceTable, t.targetTable]));
  const mappings: ColumnMapping[] = [];
  const unmappedTargets: UnmappedTargetColumn[] = [];
  const blockers: string[] = [];
  for (const t of target.tables) {
    const pair = tables.find((c) => c.targetTable === t.name);
    const s = source.tables.find((table) => table.name === pair?.sourceTable);
    // A target table nothing corresponds to stays empty, which loads fine: listed, not blocking.
    if (!s) continue;
    const mapped = mapColumns(s, t, request, correspondences);
    mappings.push(...mapped);
    const missing = unmappedTargetColumns(t, new Set(mapped.map((m) => m.targetColumn)));
    unmappedTargets.push(...missing);
    blockers.push(...missing.filter((c) => c.required).map(requiredColumnBlocker));
  }
  const carried = new Set(mappings.map((m) => `${m.sourceTable}.${m.sourceColumn}`));
  return {
    status: blockers.length === 0 ? 'mappable' : 'unmappable',
    tables,
    mappings,
    unmappedTargetColumns: unmappedTargets,
    unmappedSourceColumns: source.tables
      .filter((s) => correspondences.has(s.name))
      .flatMap((s) => s.columns.map((c) => ({ table: s.name, column: c.name })))
      .filter((c) => !carried.has(`${c.table}.${c.column}`)),
    unmatchedSourceTables: source.tables.map((s) => s.name).filter((n) => !correspondences.has(n)),
    unmatchedTargetTables: target.tables
      .map((t) => t.name)
      .filter((n) => !tables.some((c) => c.targetTable === n)),
    blockers,
  };
};

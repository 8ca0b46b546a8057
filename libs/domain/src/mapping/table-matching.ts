import type { DatabaseSchema, TableSchema } from '../catalog/catalog';
import { greedyOneToOne } from './assignment';
import { nameSimilarity } from './name-similarity';

export interface TableCorrespondence {
  sourceTable: string;
  targetTable: string;
  confidence: number;
  rationale: string;
}

/** Below this, two tables are not worth pairing at all. */
const minTableScore = 0.5;

/** Share of the target's columns whose names match some source column literally. */
const columnCoverage = (source: TableSchema, target: TableSchema): number => {
  if (target.columns.length === 0) return 0;
  const covered = target.columns.filter((t) =>
    source.columns.some((s) => nameSimilarity(s.name, t.name).kind === 'exact'),
  ).length;
  return covered / target.columns.length;
};

const scoreTables = (source: TableSchema, target: TableSchema) => {
  const name = nameSimilarity(source.name, target.name);
  const coverage = columnCoverage(source, target);
  return {
    score: Math.round((0.6 * name.score + 0.4 * coverage) * 1000) / 1000,
    rationale: `table name ${name.kind} (${Math.round(name.score * 100) / 100}), ${Math.round(coverage * 100)}% of target columns found by name`,
  };
};

/** Pairs source and target tables one-to-one by name and by the columns they share. */
export const matchTables = (
  source: DatabaseSchema,
  target: DatabaseSchema,
): TableCorrespondence[] => {
  const candidates = source.tables.flatMap((s) =>
    target.tables.map((t) => ({ left: s.name, right: t.name, ...scoreTables(s, t) })),
  );
  return greedyOneToOne(candidates.filter((c) => c.score >= minTableScore)).map((pair) => ({
    sourceTable: pair.left,
    targetTable: pair.right,
    confidence: pair.score,
    rationale: pair.rationale,
  }));
};

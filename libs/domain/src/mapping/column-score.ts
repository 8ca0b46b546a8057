import type { ColumnSchema, TableSchema } from '../catalog/catalog';
import { castTo, duckdbTypeOf, quoteIdentifier } from '../transformation/duckdb-sql';
import { profileKey, type ColumnProfiles } from './column-profile';
import { keyAgreement, type TableCorrespondences } from './key-evidence';
import { columnNameSimilarity } from './name-similarity';
import { typeCompatibility, type TypeCompatibility } from './type-compatibility';
import { valueOverlap } from './value-overlap';

export interface ScoringContext {
  tables: TableCorrespondences;
  sourceProfiles?: ColumnProfiles;
  targetProfiles?: ColumnProfiles;
}

export interface ColumnPairScore {
  confidence: number;
  rationale: string;
  /** Set for lossy conversions, so lineage and reviewers see the cast. */
  expression?: string;
}

/** Evidence weights; an absent piece of evidence is left out and the rest renormalised. */
const weights = { name: 0.6, type: 0.25, values: 0.15, keys: 0.1 };
const typeScore: Record<TypeCompatibility, number> = {
  lossless: 1,
  widening: 0.95,
  lossy: 0.6,
  incompatible: 0,
};
/** Whatever the names say, a conversion that can lose or reject values needs a human. */
const typeCeiling: Record<TypeCompatibility, number> = {
  lossless: 1,
  widening: 1,
  lossy: 0.85,
  incompatible: 0.3,
};
/** A matcher never claims certainty; only a reviewer's decision is worth 1. */
const certaintyCeiling = 0.99;

const round = (x: number) => Math.round(x * 1000) / 1000;

export const scoreColumnPair = (
  sourceTable: TableSchema,
  source: ColumnSchema,
  targetTable: TableSchema,
  target: ColumnSchema,
  context: ScoringContext,
): ColumnPairScore => {
  const name = columnNameSimilarity(sourceTable.name, source.name, targetTable.name, target.name);
  const sourceProfile = context.sourceProfiles?.[profileKey(sourceTable.name, source.name)];
  const type = typeCompatibility(source, target, sourceProfile);
  const values = valueOverlap(
    sourceProfile,
    context.targetProfiles?.[profileKey(targetTable.name, target.name)],
  );
  const keys = keyAgreement(sourceTable, source.name, targetTable, target.name, context.tables);
  const parts = [
    { weight: weights.name, score: name.score },
    { weight: weights.type, score: typeScore[type.compatibility] },
    ...(values === undefined ? [] : [{ weight: weights.values, score: values }]),
    ...(keys === undefined ? [] : [{ weight: weights.keys, score: keys.score }]),
  ];
  const weighted =
    parts.reduce((sum, part) => sum + part.weight * part.score, 0) /
    parts.reduce((sum, part) => sum + part.weight, 0);
  const confidence = round(Math.min(weighted * certaintyCeiling, typeCeiling[type.compatibility]));
  const rationale = [
    `name ${name.kind} (${round(name.score)})`,
    `type ${type.compatibility}: ${type.reason}`,
    values === undefined ? 'no value evidence' : `value overlap ${round(values)}`,
    ...(keys === undefined ? [] : [`keys: ${keys.reason}`]),
  ].join('; ');
  const lossyConversion = type.compatibility === 'lossy' && source.type !== target.type;
  return {
    confidence,
    rationale,
    ...(lossyConversion
      ? { expression: castTo(quoteIdentifier(source.name), duckdbTypeOf(target)) }
      : {}),
  };
};

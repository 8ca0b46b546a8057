import type { TableSchema } from '../catalog/catalog';

/** Source table -> target table, as table matching decided. */
export type TableCorrespondences = ReadonlyMap<string, string>;

const foreignKeyTarget = (table: TableSchema, column: string): string | undefined =>
  table.foreignKeys.find((fk) => fk.columns.length === 1 && fk.columns[0] === column)
    ?.referencedTable;

/**
 * Agreement of the two columns' key roles in [0, 1], or undefined when neither plays one.
 * Missing foreign keys are common in sources (SQLite, MyISAM), so a one-sided foreign key only
 * weakens the evidence; a foreign key to a table that does not correspond contradicts it.
 */
export const keyAgreement = (
  sourceTable: TableSchema,
  sourceColumn: string,
  targetTable: TableSchema,
  targetColumn: string,
  tables: TableCorrespondences,
): { score: number; reason: string } | undefined => {
  const sourcePk = sourceTable.primaryKey.includes(sourceColumn);
  const targetPk = targetTable.primaryKey.includes(targetColumn);
  const sourceFk = foreignKeyTarget(sourceTable, sourceColumn);
  const targetFk = foreignKeyTarget(targetTable, targetColumn);
  const checks: { score: number; reason: string }[] = [];
  if (sourcePk || targetPk) {
    checks.push(
      sourcePk && targetPk
        ? { score: 1, reason: 'both primary key' }
        : { score: 0.4, reason: 'primary key on one side only' },
    );
  }
  if (sourceFk !== undefined && targetFk !== undefined) {
    checks.push(
      tables.get(sourceFk) === targetFk
        ? { score: 1, reason: `both reference ${sourceFk} ~ ${targetFk}` }
        : { score: 0.2, reason: `references ${sourceFk} vs ${targetFk}, which do not correspond` },
    );
  } else if (sourceFk !== undefined || targetFk !== undefined) {
    checks.push({ score: 0.7, reason: 'foreign key on one side only' });
  }
  if (checks.length === 0) return undefined;
  return {
    score: checks.reduce((sum, check) => sum + check.score, 0) / checks.length,
    reason: checks.map((check) => check.reason).join(', '),
  };
};

import type { TableSchema } from '@sensei/domain';

/**
 * The columns a table is streamed in order of, so that two extractions of the same data yield
 * the same rows in the same order: the primary key, else a unique key of non-null columns, else
 * every column (duplicates are then indistinguishable, so any order between them is the same).
 */
export const streamOrderColumns = (table: TableSchema): string[] => {
  if (table.primaryKey.length > 0) return table.primaryKey;
  const notNull = new Set(table.columns.filter((c) => !c.nullable).map((c) => c.name));
  const unique = table.uniqueKeys.find((key) => key.every((column) => notNull.has(column)));
  return unique ?? table.columns.map((column) => column.name);
};

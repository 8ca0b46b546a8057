import type { ColumnSchema, DatabaseSchema, TableSchema } from '../catalog/catalog';

/** Terse builders for small in-code schemas in unit tests. */
export const column = (
  name: string,
  type: ColumnSchema['type'],
  extra: Partial<ColumnSchema> = {},
): Omit<ColumnSchema, 'ordinal'> => ({ name, type, nativeType: type, nullable: true, ...extra });

export const table = (
  name: string,
  columns: Omit<ColumnSchema, 'ordinal'>[],
  extra: Partial<TableSchema> = {},
): TableSchema => ({
  name,
  columns: columns.map((c, i) => ({ ...c, ordinal: i + 1 })),
  primaryKey: [],
  uniqueKeys: [],
  foreignKeys: [],
  indexes: [],
  ...extra,
});

export const schema = (engine: string, ...tables: TableSchema[]): DatabaseSchema => ({
  engine,
  tables,
});

import type { ColumnSchema, TableSchema } from '../catalog/catalog';

export interface UnmappedTargetColumn {
  table: string;
  column: string;
  /** NOT NULL, no default, not generated: the load would fail, so the schema cannot be mapped. */
  required: boolean;
  /** What the load will put there instead. */
  fill: 'null' | 'default' | 'generated' | 'nothing';
}

export interface UnmappedSourceColumn {
  table: string;
  column: string;
}

const fillOf = (column: ColumnSchema): UnmappedTargetColumn['fill'] => {
  if (column.generated) return 'generated';
  if (column.defaultExpression !== undefined) return 'default';
  return column.nullable ? 'null' : 'nothing';
};

export const unmappedTargetColumns = (
  table: TableSchema,
  mapped: ReadonlySet<string>,
): UnmappedTargetColumn[] =>
  table.columns
    .filter((column) => !mapped.has(column.name))
    .map((column) => {
      const fill = fillOf(column);
      return { table: table.name, column: column.name, required: fill === 'nothing', fill };
    });

export const requiredColumnBlocker = (column: UnmappedTargetColumn): string =>
  `${column.table}.${column.column} is NOT NULL without a default and no source column maps to it`;

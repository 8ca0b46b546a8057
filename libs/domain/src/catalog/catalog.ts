/**
 * What schema discovery finds in a database, in one engine-neutral shape. Source discovery,
 * target discovery (a live database or a DDL file), mapping and transformation all speak it, so
 * the Ingestion Manifest and the mapping events can hold it as plain JSON.
 */

/** Engine-neutral column types; `nativeType` keeps what the engine said. */
export const logicalTypes = [
  'boolean',
  'smallint',
  'integer',
  'bigint',
  'decimal',
  'real',
  'double',
  'text',
  'date',
  'time',
  'timestamp',
  'timestamptz',
  'interval',
  'bytes',
  'json',
  'uuid',
  'unknown',
] as const;
export type LogicalType = (typeof logicalTypes)[number];

export interface ColumnSchema {
  name: string;
  /** 1-based position in the table. */
  ordinal: number;
  type: LogicalType;
  /** As the engine names it, e.g. `NVARCHAR(40)`, `numeric(10,2)`, `int unsigned`. */
  nativeType: string;
  nullable: boolean;
  /** For `text`: maximum length when bounded. */
  maxLength?: number;
  /** For `decimal`. */
  precision?: number;
  scale?: number;
  /** Default expression as the engine reports it. */
  defaultExpression?: string;
  /** Auto-increment / identity / serial. */
  generated?: boolean;
}

export interface ForeignKeySchema {
  name?: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
}

export interface IndexSchema {
  name: string;
  columns: string[];
  unique: boolean;
}

export interface TableSchema {
  /** Qualified the way the engine needs it to be addressed: `public.customer`, `Customer`. */
  name: string;
  columns: ColumnSchema[];
  primaryKey: string[];
  uniqueKeys: string[][];
  foreignKeys: ForeignKeySchema[];
  indexes: IndexSchema[];
  /** Exact or estimated row count when discovery knows it. */
  rowCount?: number;
}

export interface DatabaseSchema {
  /** `postgres`, `mysql`, `sqlite`, `csv`, `parquet`, `pglite`. */
  engine: string;
  tables: TableSchema[];
}

export const findTable = (schema: DatabaseSchema, name: string): TableSchema | undefined =>
  schema.tables.find((table) => table.name === name);

export const findColumn = (table: TableSchema, name: string): ColumnSchema | undefined =>
  table.columns.find((column) => column.name === name);

import type { ColumnSchema, DatabaseSchema, ForeignKeySchema, TableSchema } from '@sensei/domain';
import type { SqlExecutor } from '../../sql/sql-client';
import {
  columnsQuery,
  constraintsQuery,
  indexesQuery,
  tablesQuery,
} from './postgres-catalog-queries';
import { postgresLogicalType, postgresTypeModifiers } from './postgres-types';

export interface PostgresDiscoveryOptions {
  /** Only this schema; every user schema when absent. */
  schema?: string;
  /**
   * `exact` counts rows (a scan per table, consistent with the caller's snapshot), `estimate`
   * reads the planner statistics (absent when never analysed), `none` leaves them out.
   */
  rowCounts?: 'exact' | 'estimate' | 'none';
  /** `engine` of the returned schema (default `postgres`; `pglite` for an embedded target). */
  engine?: string;
}

type CatalogRow = Record<string, unknown>;
const text = (value: unknown): string => String(value);

/** `public` tables keep their bare name; any other schema qualifies it: `sales.orders`. */
export const postgresTableName = (schema: string, table: string): string =>
  schema === 'public' ? table : `${schema}.${table}`;

export const quotePostgresIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export const quotePostgresTable = (schema: string, table: string): string =>
  `${quotePostgresIdentifier(schema)}.${quotePostgresIdentifier(table)}`;

const keyOf = (row: CatalogRow) => postgresTableName(text(row.schema_name), text(row.table_name));

const toColumn = (row: CatalogRow, ordinal: number): ColumnSchema => {
  const columnType = {
    typeName: text(row.type_name),
    typeKind: text(row.type_kind),
    typmod: Number(row.typmod),
  };
  const column: ColumnSchema = {
    name: text(row.column_name),
    ordinal,
    type: postgresLogicalType(columnType),
    nativeType: text(row.native_type),
    nullable: row.nullable === true,
    ...postgresTypeModifiers(columnType),
  };
  if (row.default_expression !== null && row.default_expression !== undefined) {
    column.defaultExpression = text(row.default_expression);
  }
  if (row.generated === true) column.generated = true;
  return column;
};

/** Groups ordered per-column catalog rows into one entry per (table, object name). */
const groupByObject = (rows: CatalogRow[], nameField: string) => {
  const groups = new Map<string, { table: string; rows: CatalogRow[] }>();
  for (const row of rows) {
    const key = `${keyOf(row)}\u0000${text(row[nameField])}`;
    const group = groups.get(key) ?? { table: keyOf(row), rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  return [...groups.values()];
};

/**
 * Reads tables, columns, keys and indexes from `pg_catalog`. Runs over any `SqlExecutor`
 * (PgSqlClient, PGliteSqlClient, or a transaction of either), so a source snapshot and a target
 * database are discovered the same way.
 */
export const discoverPostgresSchema = async (
  sql: SqlExecutor,
  options: PostgresDiscoveryOptions = {},
): Promise<DatabaseSchema> => {
  const params = [options.schema ?? null];
  const tableRows = (await sql.query(tablesQuery, params)).rows;
  const columnRows = (await sql.query(columnsQuery, params)).rows;
  const constraintRows = (await sql.query(constraintsQuery, params)).rows;
  const indexRows = (await sql.query(indexesQuery, params)).rows;

  const tables = new Map<string, TableSchema>();
  for (const row of tableRows) {
    const table: TableSchema = {
      name: keyOf(row),
      columns: [],
      primaryKey: [],
      uniqueKeys: [],
      foreignKeys: [],
      indexes: [],
    };
    const estimate = Number(row.estimated_rows);
    if (options.rowCounts === 'estimate' && estimate >= 0) table.rowCount = Math.round(estimate);
    if (options.rowCounts === 'exact') {
      const counted = await sql.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM ${quotePostgresTable(text(row.schema_name), text(row.table_name))}`,
      );
      table.rowCount = Number(counted.rows[0]?.n ?? 0);
    }
    tables.set(table.name, table);
  }
  for (const row of columnRows) {
    const table = tables.get(keyOf(row));
    table?.columns.push(toColumn(row, table.columns.length + 1));
  }
  for (const { table: name, rows } of groupByObject(constraintRows, 'constraint_name')) {
    const table = tables.get(name);
    const first = rows[0];
    if (!table || !first) continue;
    const columns = rows.map((row) => text(row.column_name));
    if (first.kind === 'p') table.primaryKey = columns;
    if (first.kind === 'u') table.uniqueKeys.push(columns);
    if (first.kind === 'f') {
      const foreignKey: ForeignKeySchema = {
        name: text(first.constraint_name),
        columns,
        referencedTable: postgresTableName(text(first.ref_schema), text(first.ref_table)),
        referencedColumns: rows.map((row) => text(row.ref_column)),
      };
      table.foreignKeys.push(foreignKey);
    }
  }
  for (const { table: name, rows } of groupByObject(indexRows, 'index_name')) {
    const first = rows[0];
    if (!first) continue;
    tables.get(name)?.indexes.push({
      name: text(first.index_name),
      columns: rows.map((row) => text(row.column_name)),
      unique: first.is_unique === true,
    });
  }
  return { engine: options.engine ?? 'postgres', tables: [...tables.values()] };
};

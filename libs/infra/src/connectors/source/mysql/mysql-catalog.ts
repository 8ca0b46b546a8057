import type { Connection } from 'mysql2/promise';
import type { ColumnSchema, DatabaseSchema, LogicalType, TableSchema } from '@sensei/domain';

type CatalogRow = Record<string, unknown>;
const text = (value: unknown): string => String(value);

const logicalByDataType: Record<string, LogicalType> = {
  tinyint: 'smallint',
  smallint: 'smallint',
  year: 'smallint',
  mediumint: 'integer',
  int: 'integer',
  integer: 'integer',
  bigint: 'bigint',
  decimal: 'decimal',
  numeric: 'decimal',
  float: 'real',
  double: 'double',
  bit: 'bytes',
  date: 'date',
  time: 'time',
  datetime: 'timestamp',
  // TIMESTAMP is stored in UTC and shown in the session zone, which the connector sets to UTC.
  timestamp: 'timestamptz',
  json: 'json',
  uuid: 'uuid',
};
const textTypes = ['char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext', 'enum', 'set'];
const byteTypes = ['binary', 'varbinary', 'tinyblob', 'blob', 'mediumblob', 'longblob'];

export const mysqlLogicalType = (dataType: string, columnType: string): LogicalType => {
  const type = dataType.toLowerCase();
  if (columnType.toLowerCase() === 'tinyint(1)') return 'boolean';
  // Unsigned INT exceeds int4, unsigned BIGINT exceeds int8: widen.
  if (/unsigned/i.test(columnType) && type === 'int') return 'bigint';
  if (/unsigned/i.test(columnType) && type === 'bigint') return 'decimal';
  if (textTypes.includes(type)) return 'text';
  if (byteTypes.includes(type)) return 'bytes';
  return logicalByDataType[type] ?? 'unknown';
};

const toColumn = (row: CatalogRow): ColumnSchema => {
  const type = mysqlLogicalType(text(row.DATA_TYPE), text(row.COLUMN_TYPE));
  const column: ColumnSchema = {
    name: text(row.COLUMN_NAME),
    ordinal: Number(row.ORDINAL_POSITION),
    type,
    nativeType: text(row.COLUMN_TYPE),
    nullable: row.IS_NULLABLE === 'YES',
  };
  if (type === 'text' && row.CHARACTER_MAXIMUM_LENGTH !== null) {
    column.maxLength = Number(row.CHARACTER_MAXIMUM_LENGTH);
  }
  if (type === 'decimal' && row.NUMERIC_PRECISION !== null) {
    column.precision = Number(row.NUMERIC_PRECISION);
    column.scale = Number(row.NUMERIC_SCALE ?? 0);
  }
  if (row.COLUMN_DEFAULT !== null && row.COLUMN_DEFAULT !== undefined) {
    column.defaultExpression = text(row.COLUMN_DEFAULT);
  }
  if (/auto_increment/i.test(text(row.EXTRA))) column.generated = true;
  return column;
};

const rowsOf = async (connection: Connection, sql: string, database: string) =>
  (await connection.query(sql, [database]))[0] as CatalogRow[];

/** Tables of the connection's current database, from `information_schema`. */
export const discoverMysqlSchema = async (
  connection: Connection,
  database: string,
  quote: (name: string) => string,
): Promise<DatabaseSchema> => {
  const tableRows = await rowsOf(
    connection,
    `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
    database,
  );
  const columnRows = await rowsOf(
    connection,
    `SELECT * FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    database,
  );
  const keyRows = await rowsOf(
    connection,
    `SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, c.CONSTRAINT_TYPE, k.COLUMN_NAME,
       k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME
     FROM information_schema.KEY_COLUMN_USAGE k
     JOIN information_schema.TABLE_CONSTRAINTS c ON c.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA
       AND c.TABLE_NAME = k.TABLE_NAME AND c.CONSTRAINT_NAME = k.CONSTRAINT_NAME
     WHERE k.TABLE_SCHEMA = ? ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
    database,
  );
  const indexRows = await rowsOf(
    connection,
    `SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, EXPRESSION FROM information_schema.STATISTICS
     WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    database,
  ).catch(() =>
    // EXPRESSION exists on MySQL 8 only.
    rowsOf(
      connection,
      `SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM information_schema.STATISTICS
       WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
      database,
    ),
  );

  const tables = new Map<string, TableSchema>();
  for (const row of tableRows) {
    const name = text(row.TABLE_NAME);
    const [counted] = await connection.query(`SELECT COUNT(*) AS n FROM ${quote(name)}`);
    const rowCount = Number((counted as CatalogRow[])[0]?.n ?? 0);
    tables.set(name, {
      name,
      columns: [],
      primaryKey: [],
      uniqueKeys: [],
      foreignKeys: [],
      indexes: [],
      rowCount,
    });
  }
  for (const row of columnRows) tables.get(text(row.TABLE_NAME))?.columns.push(toColumn(row));

  const constraintNames = new Set<string>();
  const grouped = new Map<string, CatalogRow[]>();
  for (const row of keyRows) {
    const key = `${text(row.TABLE_NAME)}\u0000${text(row.CONSTRAINT_NAME)}`;
    grouped.set(key, [...(grouped.get(key) ?? []), row]);
  }
  for (const rows of grouped.values()) {
    const first = rows[0]!;
    const table = tables.get(text(first.TABLE_NAME));
    if (!table) continue;
    const columns = rows.map((row) => text(row.COLUMN_NAME));
    const kind = text(first.CONSTRAINT_TYPE);
    if (kind !== 'FOREIGN KEY')
      constraintNames.add(`${table.name}\u0000${text(first.CONSTRAINT_NAME)}`);
    if (kind === 'PRIMARY KEY') table.primaryKey = columns;
    if (kind === 'UNIQUE') table.uniqueKeys.push(columns);
    if (kind === 'FOREIGN KEY') {
      table.foreignKeys.push({
        name: text(first.CONSTRAINT_NAME),
        columns,
        referencedTable: text(first.REFERENCED_TABLE_NAME),
        referencedColumns: rows.map((row) => text(row.REFERENCED_COLUMN_NAME)),
      });
    }
  }
  for (const row of indexRows) {
    const table = tables.get(text(row.TABLE_NAME));
    const name = text(row.INDEX_NAME);
    if (!table || constraintNames.has(`${table.name}\u0000${name}`)) continue;
    const column = row.COLUMN_NAME === null ? text(row.EXPRESSION) : text(row.COLUMN_NAME);
    const index = table.indexes.find((candidate) => candidate.name === name);
    if (index) index.columns.push(column);
    else table.indexes.push({ name, columns: [column], unique: Number(row.NON_UNIQUE) === 0 });
  }
  return { engine: 'mysql', tables: [...tables.values()] };
};

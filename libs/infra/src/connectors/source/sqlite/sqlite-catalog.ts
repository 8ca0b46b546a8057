import type { Database } from 'sql.js';
import type { DatabaseSchema, ForeignKeySchema, TableSchema } from '@sensei/domain';
import { sqliteColumnType } from './sqlite-types';

type CatalogRow = Record<string, unknown>;
/** Catalog cells are text or numbers. */
const text = (value: unknown): string => String(value);

export const quoteSqliteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

const all = (db: Database, sql: string): CatalogRow[] => {
  const statement = db.prepare(sql);
  try {
    const rows: CatalogRow[] = [];
    while (statement.step()) rows.push(statement.getAsObject());
    return rows;
  } finally {
    statement.free();
  }
};

const pragma = (db: Database, name: string, argument: string) =>
  all(db, `PRAGMA ${name}(${quoteSqliteIdentifier(argument)})`);

const discoverTable = (db: Database, name: string, createSql: string): TableSchema => {
  const info = pragma(db, 'table_info', name);
  const autoincrement = /AUTOINCREMENT/i.test(createSql);
  const columns = info.map((row, index) => {
    const declared = text(row.type ?? '');
    const pkPosition = Number(row.pk);
    return {
      name: text(row.name),
      ordinal: index + 1,
      ...sqliteColumnType(declared),
      nativeType: declared,
      // SQLite lets a non-INTEGER primary key hold NULL unless declared NOT NULL; report the truth.
      nullable: Number(row.notnull) === 0 && !(pkPosition > 0 && /^INTEGER$/i.test(declared)),
      ...(row.dflt_value !== null ? { defaultExpression: text(row.dflt_value) } : {}),
      ...(autoincrement && pkPosition > 0 ? { generated: true } : {}),
    };
  });
  const primaryKey = info
    .filter((row) => Number(row.pk) > 0)
    .sort((a, b) => Number(a.pk) - Number(b.pk))
    .map((row) => text(row.name));

  const foreignKeys = new Map<number, ForeignKeySchema>();
  for (const row of pragma(db, 'foreign_key_list', name)) {
    const id = Number(row.id);
    const key = foreignKeys.get(id) ?? {
      columns: [],
      referencedTable: text(row.table),
      referencedColumns: [],
    };
    key.columns.push(text(row.from));
    // `to` is NULL when the reference names the parent's primary key implicitly.
    key.referencedColumns.push(row.to === null ? '' : text(row.to));
    foreignKeys.set(id, key);
  }

  const uniqueKeys: string[][] = [];
  const indexes: TableSchema['indexes'] = [];
  for (const index of pragma(db, 'index_list', name)) {
    const indexColumns = pragma(db, 'index_info', text(index.name))
      .sort((a, b) => Number(a.seqno) - Number(b.seqno))
      .map((row) => (row.name === null ? '<expression>' : text(row.name)));
    if (index.origin === 'pk') continue;
    if (index.origin === 'u') uniqueKeys.push(indexColumns);
    else
      indexes.push({
        name: text(index.name),
        columns: indexColumns,
        unique: Number(index.unique) === 1,
      });
  }
  const [counted] = all(db, `SELECT count(*) AS n FROM ${quoteSqliteIdentifier(name)}`);
  return {
    name,
    columns,
    primaryKey,
    uniqueKeys,
    foreignKeys: [...foreignKeys.values()],
    indexes,
    rowCount: Number(counted?.n ?? 0),
  };
};

/** Tables from `sqlite_master` and the table_info / foreign_key_list / index_list pragmas. */
export const discoverSqliteSchema = (db: Database): DatabaseSchema => {
  const tables = all(
    db,
    `SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`,
  );
  const discovered = tables.map((row) => discoverTable(db, text(row.name), text(row.sql ?? '')));
  for (const key of discovered.flatMap((table) => table.foreignKeys)) {
    const parent = discovered.find((table) => table.name === key.referencedTable);
    key.referencedColumns = key.referencedColumns.map(
      (column, i) => column || (parent?.primaryKey[i] ?? ''),
    );
  }
  return { engine: 'sqlite', tables: discovered };
};

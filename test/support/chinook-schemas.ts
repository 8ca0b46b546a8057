import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import initSqlJs, { type Database } from 'sql.js';
import type { ColumnSchema, DatabaseSchema, TableSchema } from '@sensei/domain';
import { discoverPostgresSchema, PGliteSqlClient } from '@sensei/infra';
import { chinookSqlitePath } from './chinook';

/**
 * Test-only schema readers for the real Chinook files. The SQLite reader stands in until the
 * SQLite source connector exists; it maps declared types the way SQLite's affinity rules read them.
 */
const sqliteLogicalType = (
  declared: string,
): Pick<ColumnSchema, 'type' | 'maxLength' | 'precision' | 'scale'> => {
  const upper = declared.toUpperCase();
  const [, first, second] = /\((\d+)(?:\s*,\s*(\d+))?\)/.exec(upper) ?? [];
  if (upper.includes('INT')) return { type: 'integer' };
  if (/CHAR|CLOB|TEXT/.test(upper))
    return { type: 'text', ...(first ? { maxLength: Number(first) } : {}) };
  if (/NUMERIC|DECIMAL/.test(upper))
    return {
      type: 'decimal',
      ...(first ? { precision: Number(first), scale: Number(second ?? 0) } : {}),
    };
  if (upper.includes('DATETIME') || upper.includes('TIMESTAMP')) return { type: 'timestamp' };
  if (upper === 'DATE') return { type: 'date' };
  if (/REAL|FLOA|DOUB/.test(upper)) return { type: 'double' };
  if (upper.includes('BLOB')) return { type: 'bytes' };
  return { type: 'unknown' };
};

const rows = (db: Database, sql: string): Record<string, unknown>[] => {
  const [result] = db.exec(sql);
  if (!result) return [];
  return result.values.map((values) =>
    Object.fromEntries(result.columns.map((c, i) => [c, values[i]])),
  );
};

const sqliteTable = (db: Database, name: string): TableSchema => {
  const info = rows(db, `PRAGMA table_info("${name}")`);
  const foreignKeys = rows(db, `PRAGMA foreign_key_list("${name}")`);
  return {
    name,
    columns: info.map((c) => ({
      name: String(c.name),
      ordinal: Number(c.cid) + 1,
      nativeType: String(c.type),
      nullable: Number(c.notnull) === 0 && Number(c.pk) === 0,
      ...sqliteLogicalType(String(c.type)),
    })),
    primaryKey: info
      .filter((c) => Number(c.pk) > 0)
      .sort((a, b) => Number(a.pk) - Number(b.pk))
      .map((c) => String(c.name)),
    uniqueKeys: [],
    foreignKeys: foreignKeys.map((fk) => ({
      columns: [String(fk.from)],
      referencedTable: String(fk.table),
      referencedColumns: [String(fk.to)],
    })),
    indexes: [],
  };
};

export const openChinookSqlite = async (): Promise<Database> => {
  const SQL = await initSqlJs();
  return new SQL.Database(readFileSync(chinookSqlitePath));
};

/** Chinook's SQLite schema: PascalCase tables and columns (`InvoiceLine.UnitPrice`). */
export const chinookSqliteSchema = async (): Promise<DatabaseSchema> => {
  const db = await openChinookSqlite();
  try {
    const names = rows(
      db,
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    );
    return { engine: 'sqlite', tables: names.map((row) => sqliteTable(db, String(row.name))) };
  } finally {
    db.close();
  }
};

const chinookDatasetDir = process.env.CHINOOK_DIR ?? '/work/shared/datasets/chinook';

/** Only the schema statements of Chinook_PostgreSql.sql: no database switch, no data. */
export const chinookPostgresDdl = (): string[] =>
  readFileSync(join(chinookDatasetDir, 'Chinook_PostgreSql.sql'), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter((statement) => /^(CREATE TABLE|ALTER TABLE|CREATE INDEX)/i.test(statement));

/** An empty Chinook target (snake_case) in an in-memory PGlite, discovered by the real reader. */
export const chinookPostgresTarget = async (): Promise<{
  schema: DatabaseSchema;
  sql: PGliteSqlClient;
}> => {
  const sql = await PGliteSqlClient.open('memory://');
  for (const statement of chinookPostgresDdl()) await sql.query(statement);
  return { schema: await discoverPostgresSchema(sql, { engine: 'pglite' }), sql };
};

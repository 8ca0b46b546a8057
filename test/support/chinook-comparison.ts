import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/** The 11 tables of Chinook_PostgreSql.sql, with the row counts of version 1.4.5. */
export const officialChinookRowCounts: Readonly<Record<string, number>> = {
  album: 347,
  artist: 275,
  customer: 59,
  employee: 8,
  genre: 25,
  invoice: 412,
  invoice_line: 2240,
  media_type: 5,
  playlist: 18,
  playlist_track: 8715,
  track: 3503,
};

export interface TableComparison {
  migratedRows: number;
  officialRows: number;
  /** Rows of `migrated EXCEPT ALL official`. */
  onlyMigrated: number;
  /** Rows of `official EXCEPT ALL migrated`. */
  onlyOfficial: number;
}

const withClient = async <T>(url: string, work: (client: Client) => Promise<T>): Promise<T> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

/** Streams each official table into schema `official` of the migrated database (COPY out, COPY in). */
const copyOfficialTables = (officialUrl: string, migrated: Client) =>
  withClient(officialUrl, async (official) => {
    await migrated.query('CREATE SCHEMA official');
    for (const table of Object.keys(officialChinookRowCounts)) {
      await migrated.query(`CREATE TABLE official.${table} (LIKE public.${table})`);
      await pipeline(
        official.query(copyTo(`COPY ${table} TO STDOUT`)),
        migrated.query(copyFrom(`COPY official.${table} FROM STDIN`)),
      );
    }
  });

/**
 * The official script writes its strings as N'…' literals, which PostgreSQL types as
 * character(n); casting those into varchar drops trailing blanks. So the official database
 * says 'Edinburgh' where the script, the MySQL and the SQLite flavours say 'Edinburgh '
 * (customer 54 and its 7 invoices). The blank is put back, so the comparison can be exact
 * (a migration that trimmed text would otherwise pass). Returns the rows repaired.
 */
const restoreTrailingBlanks = async (migrated: Client): Promise<Record<string, number>> => {
  const customer = await migrated.query(
    `UPDATE official.customer SET city = 'Edinburgh ' WHERE city = 'Edinburgh'`,
  );
  const invoice = await migrated.query(
    `UPDATE official.invoice SET billing_city = 'Edinburgh ' WHERE billing_city = 'Edinburgh'`,
  );
  return { customer: customer.rowCount ?? 0, invoice: invoice.rowCount ?? 0 };
};

const compareTable = async (migrated: Client, table: string): Promise<TableComparison> => {
  const { rows } = await migrated.query<Record<keyof TableComparison, string>>(
    `SELECT (SELECT count(*) FROM public.${table}) AS "migratedRows",
            (SELECT count(*) FROM official.${table}) AS "officialRows",
            (SELECT count(*) FROM (TABLE public.${table} EXCEPT ALL TABLE official.${table}) d)
              AS "onlyMigrated",
            (SELECT count(*) FROM (TABLE official.${table} EXCEPT ALL TABLE public.${table}) d)
              AS "onlyOfficial"`,
  );
  const counts = rows[0]!;
  return {
    migratedRows: Number(counts.migratedRows),
    officialRows: Number(counts.officialRows),
    onlyMigrated: Number(counts.onlyMigrated),
    onlyOfficial: Number(counts.onlyOfficial),
  };
};

/**
 * Compares every Chinook table of the migrated PostgreSQL database with the official one,
 * in SQL: `EXCEPT ALL` both ways (multisets: a duplicated or missing row counts), per table.
 */
export const compareWithOfficialChinook = (migratedUrl: string, officialUrl: string) =>
  withClient(migratedUrl, async (migrated) => {
    await copyOfficialTables(officialUrl, migrated);
    const repaired = await restoreTrailingBlanks(migrated);
    const tables: Record<string, TableComparison> = {};
    for (const table of Object.keys(officialChinookRowCounts)) {
      tables[table] = await compareTable(migrated, table);
    }
    return { repaired, tables };
  });

/** One line per table, for the test log: what the comparison saw. */
export const comparisonReport = (tables: Record<string, TableComparison>): string =>
  Object.entries(tables)
    .map(
      ([table, c]) =>
        `${table.padEnd(15)} ${c.migratedRows}/${c.officialRows} rows, ` +
        `migrated EXCEPT ALL official: ${c.onlyMigrated}, official EXCEPT ALL migrated: ${c.onlyOfficial}`,
    )
    .join('\n');

/** What a lossless migration shows: every official row, each exactly once, and nothing else. */
export const equalToOfficial: Record<string, TableComparison> = Object.fromEntries(
  Object.entries(officialChinookRowCounts).map(([table, rows]) => [
    table,
    { migratedRows: rows, officialRows: rows, onlyMigrated: 0, onlyOfficial: 0 },
  ]),
);

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { Client } from 'pg';
import { createPostgresTestDatabase, type PostgresTestDatabase } from './postgres-test-database';

/** The Chinook sample database (MIT, see test/fixtures/chinook/LICENSE.md). */
export const chinookFixtureDir = join(__dirname, '..', 'fixtures', 'chinook');
export const chinookSqlitePath = join(chinookFixtureDir, 'Chinook_Sqlite.sqlite');

/** The creation scripts are large and not part of the repo: read from the shared dataset. */
const chinookDatasetDir = process.env.CHINOOK_DIR ?? '/work/shared/datasets/chinook';
const script = (file: string) => readFileSync(join(chinookDatasetDir, file), 'utf8');

export const mariaDbUrl = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

export interface ChinookDatabase {
  /** Connection URI of the loaded database, no password. */
  uri: string;
  name: string;
  drop(): Promise<void>;
}

/** Chinook in a fresh PostgreSQL database (snake_case tables in `public`). */
export const loadChinookIntoPostgres = async (): Promise<ChinookDatabase> => {
  const database: PostgresTestDatabase = await createPostgresTestDatabase();
  // The script creates and connects to its own `chinook` database with psql's \c: keep what follows.
  const body = script('Chinook_PostgreSql.sql').split(/^\\c chinook;$/m)[1] ?? '';
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(body);
  } finally {
    await client.end();
  }
  return { uri: database.url, name: database.name, drop: database.drop };
};

const withMariaDb = async <T>(work: (sql: (text: string) => Promise<unknown>) => Promise<T>) => {
  const connection = await createConnection({ uri: mariaDbUrl, multipleStatements: true });
  try {
    return await work((text) => connection.query(text));
  } finally {
    await connection.end();
  }
};

/** Chinook in a uniquely named MariaDB/MySQL database (PascalCase tables). */
export const loadChinookIntoMariaDb = async (): Promise<ChinookDatabase> => {
  const name = `sensei_chinook_${randomBytes(6).toString('hex')}`;
  const body = script('Chinook_MySql.sql')
    .replace(/^DROP DATABASE IF EXISTS `Chinook`;$/m, '')
    .replace(/^CREATE DATABASE `Chinook`;$/m, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4;`)
    .replace(/^USE `Chinook`;$/m, `USE \`${name}\`;`);
  // The script's four `\` (Track names such as 'Cavalleria Rusticana \ Act \ …') are literal,
  // as in every other Chinook flavour; MySQL's default escape rules would silently drop them.
  const literalBackslashes =
    "SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'NO_BACKSLASH_ESCAPES');";
  await withMariaDb((sql) => sql(`${literalBackslashes}\n${body}`));
  return {
    uri: `${mariaDbUrl}/${name}`,
    name,
    drop: () =>
      withMariaDb((sql) => sql(`DROP DATABASE IF EXISTS \`${name}\``)).then(() => undefined),
  };
};

import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PGlite, Results } from '@electric-sql/pglite';
import { SenseiError } from '@sensei/domain';
import type { SqlClient, SqlExecutor, SqlRows } from './sql-client';
import { loadPGlite } from './load-pglite';

export const defaultPGliteDataDir = './.sensei/data';

const inMemory = (dataDir: string) => /^(memory|idb):\/\//.test(dataDir);

const toRows = <Row>(result: Results<Row>): SqlRows<Row> => ({
  rows: result.rows,
  // PGlite counts SELECT rows in `rows` and changed rows in `affectedRows`; pg has one rowCount.
  rowCount: Math.max(result.rows.length, result.affectedRows ?? 0),
});

/**
 * `SqlClient` over PGlite (Postgres compiled to WASM, in this process): the embedded default.
 * One process per data directory; queries and transactions are serialised by PGlite itself.
 */
export class PGliteSqlClient implements SqlClient {
  private constructor(
    private readonly db: PGlite,
    readonly description: string,
  ) {}

  /** Opens (creating if missing) a file-backed data directory, or `memory://` for tests. */
  static async open(dataDir: string = defaultPGliteDataDir): Promise<PGliteSqlClient> {
    const location = inMemory(dataDir) ? dataDir : resolve(dataDir);
    try {
      if (!inMemory(dataDir)) mkdirSync(location, { recursive: true });
      const { PGlite } = loadPGlite();
      const db = await PGlite.create(location);
      return new PGliteSqlClient(db, `pglite:${location}`);
    } catch (error) {
      const cause = (error as { message?: unknown } | undefined)?.message ?? error;
      throw new SenseiError(
        'EVENT_STORE.UNAVAILABLE',
        `cannot open the PGlite data directory ${location} (${String(cause)}): check that it is writable and ` +
          'that no other process has it open, or choose another directory',
        { cause: String(cause), dataDir: location },
      );
    }
  }

  /** The PGlite instance, for an adapter that must share it (one instance per data directory). */
  get pglite(): PGlite {
    return this.db;
  }

  async query<Row = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<SqlRows<Row>> {
    this.assertOpen();
    return toRows(await this.db.query<Row>(sql, [...params]));
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this.assertOpen();
    return this.db.transaction((tx) =>
      work({
        query: async <Row>(sql: string, params: readonly unknown[] = []) =>
          toRows(await tx.query<Row>(sql, [...params])),
      }),
    );
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    this.assertOpen();
    const unlisten = await this.db.listen(channel, onNotify);
    return async () => {
      if (!this.db.closed) await unlisten();
    };
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }

  private assertOpen(): void {
    if (this.db.closed) {
      throw new SenseiError('EVENT_STORE.UNAVAILABLE', `${this.description} is closed`);
    }
  }
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { SenseiError } from '@sensei/domain';
import {
  openDuckDbSession,
  quoteDuckDbString,
  type DuckDbSession,
} from '../../pipeline-io/duckdb-session';

/**
 * DuckDB threads for verification, and as many connections: KORA's statements on small
 * relations wait more than they compute, so two in flight finish sooner than two threads on one.
 */
export const verificationThreads = 2;

/**
 * DuckDB's memory for verification unless `SENSEI_VERIFY_MEMORY` says otherwise (DuckDB's
 * spelling: `500MB`, `2GB`). Beyond it hash tables and sorts spill to a scratch directory:
 * verifying 10M rows peaked at 2,580 MiB RSS without a limit and at 860 MiB with this one,
 * and took less time (replay 14.9 -> 10.1 s, statistics 10.2 -> 7.9 s; bench:migrate).
 */
export const defaultVerificationMemory = '500MB';

export interface VerificationSession extends DuckDbSession {
  /** The connections besides `connection`, for KORA's `readers`. */
  readers: DuckDBConnection[];
}

const memorySetting = (env: NodeJS.ProcessEnv) => {
  const value = env.SENSEI_VERIFY_MEMORY;
  return value === undefined || value === '' ? defaultVerificationMemory : value;
};

/**
 * The DuckDB database KORA verifies in: several threads, one reader connection per extra
 * thread, bounded memory with a spill directory of its own (removed on close).
 */
export const openVerificationSession = async (
  env: NodeJS.ProcessEnv = process.env,
): Promise<VerificationSession> => {
  const memory = memorySetting(env);
  const spill = mkdtempSync(join(tmpdir(), 'sensei-verify-spill-'));
  const removeSpill = () => rmSync(spill, { recursive: true, force: true });
  let session: DuckDbSession | undefined;
  try {
    session = await openDuckDbSession({ threads: verificationThreads });
    try {
      await session.connection.run(`SET memory_limit = ${quoteDuckDbString(memory)}`);
    } catch (error) {
      throw new SenseiError(
        'VALIDATION.FAILED',
        `SENSEI_VERIFY_MEMORY=${JSON.stringify(memory)} is not a memory size DuckDB takes ` +
          `(${error instanceof Error ? error.message : String(error)}): use e.g. 500MB or 2GB`,
        { field: 'SENSEI_VERIFY_MEMORY' },
      );
    }
    await session.connection.run(`SET temp_directory = ${quoteDuckDbString(spill)}`);
    // KORA reads the same content-addressed (never rewritten) Parquet files in every statement:
    // keeping their footers parsed saves a re-read per statement.
    await session.connection.run('SET parquet_metadata_cache = true');
    const opened = session;
    const readers = await Promise.all(
      Array.from({ length: verificationThreads - 1 }, () => opened.connect()),
    );
    return {
      ...opened,
      readers,
      close: () => {
        opened.close();
        removeSpill();
      },
    };
  } catch (error) {
    session?.close();
    removeSpill();
    throw error;
  }
};

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
 * spelling: `384MB`, `2GB`). Beyond it hash tables and sorts spill to a scratch directory.
 * Verifying 10M rows (bench:migrate) peaked at 2,580 MiB RSS without a limit, 985 MiB at 500MB
 * and 776 MiB at 384MB, each faster than the one before (18.8 s at 384MB, ~30 s unbounded).
 */
export const defaultVerificationMemory = '384MB';

export interface VerificationSession extends DuckDbSession {
  /** The connections besides `connection`, for KORA's `readers`. */
  readers: DuckDBConnection[];
}

const memorySize = /^\d+(\.\d+)?\s*([KMGT]i?B|B|bytes)$/i;

/** `SENSEI_VERIFY_MEMORY`, or the default; a value DuckDB would not take is refused. */
export const verificationMemory = (env: NodeJS.ProcessEnv = process.env): string => {
  const value = env.SENSEI_VERIFY_MEMORY;
  if (value === undefined || value === '') return defaultVerificationMemory;
  if (memorySize.test(value.trim())) return value.trim();
  throw invalidMemory(value, 'not a size');
};

const invalidMemory = (value: string, cause: string) =>
  new SenseiError(
    'VALIDATION.FAILED',
    `SENSEI_VERIFY_MEMORY=${JSON.stringify(value)} is not a memory size DuckDB takes (${cause}): ` +
      'use e.g. 500MB or 2GB',
    { field: 'SENSEI_VERIFY_MEMORY' },
  );

/**
 * The DuckDB database KORA verifies in: several threads, one reader connection per extra
 * thread, bounded memory with a spill directory of its own (removed on close).
 */
export const openVerificationSession = async (
  env: NodeJS.ProcessEnv = process.env,
): Promise<VerificationSession> => {
  const memory = verificationMemory(env);
  const spill = mkdtempSync(join(tmpdir(), 'sensei-verify-spill-'));
  const removeSpill = () => rmSync(spill, { recursive: true, force: true });
  let session: DuckDbSession | undefined;
  try {
    session = await openDuckDbSession({ threads: verificationThreads });
    try {
      await session.connection.run(`SET memory_limit = ${quoteDuckDbString(memory)}`);
    } catch (error) {
      throw invalidMemory(memory, error instanceof Error ? error.message : String(error));
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

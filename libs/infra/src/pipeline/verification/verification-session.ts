import type { DuckDBConnection } from '@duckdb/node-api';
import { openDuckDbSession, type DuckDbSession } from '../../pipeline-io/duckdb-session';

/**
 * DuckDB threads for verification, and as many connections: KORA's statements on small
 * relations wait more than they compute, so two in flight finish sooner than two threads on one.
 */
export const verificationThreads = 2;

export interface VerificationSession extends DuckDbSession {
  /** The connections besides `connection`, for KORA's `readers`. */
  readers: DuckDBConnection[];
}

/** The DuckDB database KORA verifies in: several threads, one reader connection per extra thread. */
export const openVerificationSession = async (): Promise<VerificationSession> => {
  const session = await openDuckDbSession({ threads: verificationThreads });
  try {
    // KORA reads the same content-addressed (never rewritten) Parquet files in every statement:
    // keeping their footers parsed saves a re-read per statement.
    await session.connection.run('SET parquet_metadata_cache = true');
    const readers = await Promise.all(
      Array.from({ length: verificationThreads - 1 }, () => session.connect()),
    );
    return { ...session, readers };
  } catch (error) {
    session.close();
    throw error;
  }
};

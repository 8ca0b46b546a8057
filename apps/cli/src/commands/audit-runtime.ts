import { isSenseiError, SenseiError } from '@sensei/domain';
import { SqlAuditTrail, SqlEventStore } from '@sensei/infra';
import { type CliRuntime, type CliSettings, openRuntime } from '../cli-runtime';

/**
 * Exit statuses of `sensei audit`: 1 always means evidence of tampering, so a script can tell
 * it from a mistake in what it asked (unknown migration, bad --at, unreadable file: 2).
 */
export const auditExit = { ok: 0, tampered: 1, usage: 2 } as const;

/** A problem with what was asked, not with the evidence. */
export class AuditUsageError extends Error {}

const tamperCodes = new Set(['STREAM.TAMPERED', 'ARTIFACT.CORRUPTED']);

export const out = (line: string) => process.stdout.write(`${line}\n`);

/** One line on stderr and the audit exit status; anything unexpected goes on to reportError. */
export const auditAction = async (work: () => Promise<number>): Promise<number> => {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AuditUsageError) && !isSenseiError(error)) throw error;
    process.stderr.write(`sensei: ${error.message.split('\n')[0]}\n`);
    const tampered = isSenseiError(error) && tamperCodes.has(error.code);
    return tampered ? auditExit.tampered : auditExit.usage;
  }
};

export interface AuditRuntime extends CliRuntime {
  trail: SqlAuditTrail;
}

/** The CLI's event store (PGlite in the data directory, or PostgreSQL) with its audit reads. */
export const withAuditTrail = async (
  settings: CliSettings,
  work: (runtime: AuditRuntime) => Promise<number>,
): Promise<number> => {
  const runtime = await openRuntime(settings);
  try {
    if (!(runtime.eventStore instanceof SqlEventStore)) {
      throw new SenseiError(
        'EVENT_STORE.UNAVAILABLE',
        'sensei audit reads the SQL event store (PGlite or PostgreSQL); this store is another kind',
      );
    }
    return await work({ ...runtime, trail: new SqlAuditTrail(runtime.eventStore) });
  } finally {
    await runtime.close();
  }
};

import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type AuditBundleVerdict, type StoreVerdict, verifyAuditBundle } from '@sensei/infra';
import { parsePublicKey } from '@sensei/kora';
import type { CliSettings } from '../cli-runtime';
import { auditAction, auditExit, AuditUsageError, out, withAuditTrail } from './audit-runtime';

export interface AuditVerifyOptions {
  publicKey?: string;
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

const readInput = async (path: string, what: string): Promise<Buffer> => {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new AuditUsageError(`cannot read ${what} ${path} (${String(code ?? error)})`);
  }
};

/** A path to a bundle, rather than a migration id: an existing file, or a name ending in .json. */
const isBundleArgument = (argument: string) =>
  (existsSync(argument) && statSync(argument).isFile()) || /\.json$/i.test(argument);

const storeLine = (scope: string, verdict: StoreVerdict) =>
  `OK ${scope}: ${plural(verdict.streams.length, 'stream')}, ${plural(verdict.events, 'event')}, hash chains intact; ` +
  (verdict.headPosition === 0
    ? 'the global log is empty'
    : `global positions 1..${verdict.headPosition} gapless`);

/** Every stream of the migration (or of the store) recomputed, and the global positions checked. */
const verifyStore = (migrationId: string | undefined, settings: CliSettings) =>
  withAuditTrail(settings, async ({ trail }) => {
    const streams = migrationId ? await trail.streamsOf(migrationId) : await trail.allStreams();
    const verdict = await trail.verify(streams);
    if (verdict.problem) {
      process.stderr.write(`sensei: TAMPERED ${verdict.problem.message}\n`);
      return auditExit.tampered;
    }
    const scope = migrationId ? `migration ${migrationId} (${streams.join(', ')})` : 'event store';
    out(storeLine(scope, verdict));
    return auditExit.ok;
  });

const bundleLine = (file: string, verdict: AuditBundleVerdict) => {
  const certificates =
    verdict.certificates.length === 0
      ? 'no certificate'
      : verdict.certificates
          .map(
            (c) =>
              `certificate ${c.certificateId} ${c.status} (signature valid, key ${c.keyId ?? '?'}, ${plural(c.evidenceChecked, 'evidence file')} intact)`,
          )
          .join('; ');
  const key = verdict.keyPinned
    ? `key ${verdict.keyId}, pinned`
    : `key ${verdict.keyId}, not pinned`;
  return (
    `VERIFIED audit bundle ${file}: migration ${verdict.migrationId}, ${plural(verdict.streams, 'stream')}, ` +
    `${plural(verdict.events, 'event')}, every hash and link recomputed; ${certificates}; ` +
    `bundle signature valid (${key}), exported ${verdict.exportedAt} by ${verdict.exportedBy}`
  );
};

/** An exported bundle checked with nothing but its bytes: no event store, no artifact store. */
const verifyBundle = async (file: string, options: AuditVerifyOptions) => {
  const bytes = await readInput(file, 'audit bundle');
  const publicKey = options.publicKey
    ? parsePublicKey(
        (await readInput(options.publicKey, 'public key file')).toString('utf8'),
        `--public-key ${options.publicKey}`,
      )
    : undefined;
  const verdict = await verifyAuditBundle(bytes, { publicKey });
  if (verdict.problem) {
    process.stderr.write(`sensei: NOT VERIFIED ${file}: ${verdict.problem.message}\n`);
    return auditExit.tampered;
  }
  out(bundleLine(file, verdict));
  return auditExit.ok;
};

/**
 * `sensei audit verify [<migration> | <bundle.json>]`: the store's hash chains (of one migration's
 * streams, or of every stream), or an exported bundle offline. 0 intact, 1 tampered, 2 usage.
 */
export const auditVerify = (
  argument: string | undefined,
  options: AuditVerifyOptions,
  settings: CliSettings,
) =>
  auditAction(async () => {
    if (argument !== undefined && isBundleArgument(argument))
      return verifyBundle(argument, options);
    if (options.publicKey) {
      throw new AuditUsageError('--public-key applies to a bundle file, not to the event store');
    }
    return verifyStore(argument, settings);
  });

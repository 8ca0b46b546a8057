import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isSenseiError } from '@sensei/domain';
import { openArtifactStoreFromUrl } from '@sensei/infra';
import {
  type CertificateVerdict,
  type EvidenceSource,
  parsePublicKey,
  verifyCertificate,
} from '@sensei/kora';
import { hashedFilesDirectory, hashedFilesInStore } from './evidence-sources';

export interface VerifyOptions {
  evidence?: string;
  partitions?: string;
  publicKey?: string;
}

/** Exit statuses: a script can tell a forged certificate from an honest FAILED one. */
export const verifyExit = { verified: 0, notAuthentic: 1, usage: 2, notPassed: 3 } as const;

class UsageError extends Error {}

const readInput = async (path: string, what: string): Promise<Buffer> => {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new UsageError(`cannot read ${what} ${path} (${String(code ?? error)})`);
  }
};

const isDirectory = (path: string) => existsSync(path) && statSync(path).isDirectory();

/** What `--evidence` or `--partitions` names: an s3:// URL, or a folder. */
const sourceAt = (option: string, location: string): EvidenceSource => {
  if (/^s3:\/\//i.test(location)) return hashedFilesInStore(openArtifactStoreFromUrl(location));
  if (!isDirectory(location)) {
    throw new UsageError(`${option} ${location} is not a directory (or an s3:// URL)`);
  }
  return hashedFilesDirectory(location);
};

/** By default `evidence/` beside the certificate (the export layout), else its own folder. */
const evidenceSourceFor = (certificatePath: string, evidence?: string): EvidenceSource => {
  if (evidence) return sourceAt('--evidence', evidence);
  const exported = join(dirname(certificatePath), 'evidence');
  return hashedFilesDirectory(existsSync(exported) ? exported : dirname(certificatePath));
};

/**
 * Partitions can be large and are exported only on request, so without `--partitions` they are
 * checked only when `partitions/` lies beside the certificate.
 */
const partitionSourceFor = (
  certificatePath: string,
  partitions?: string,
): EvidenceSource | undefined => {
  if (partitions) return sourceAt('--partitions', partitions);
  const exported = join(dirname(certificatePath), 'partitions');
  return isDirectory(exported) ? hashedFilesDirectory(exported) : undefined;
};

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

const verdictLine = (verdict: CertificateVerdict, partitionsRead: boolean): string => {
  const key = verdict.keyPinned
    ? `key ${verdict.keyId}, pinned`
    : `key ${verdict.keyId}, not pinned: the key embedded in the certificate was used`;
  const status =
    verdict.status === 'PASSED'
      ? 'PASSED'
      : `${verdict.status} (${plural(verdict.reasons.length, 'reason')}${verdict.reasons[0] ? `; first: ${verdict.reasons[0]}` : ''})`;
  const word = verdict.status === 'PASSED' ? 'VERIFIED' : 'AUTHENTIC';
  const intact = [plural(verdict.evidenceChecked, 'evidence file')];
  if (partitionsRead) intact.push(plural(verdict.partitionsChecked, 'partition'));
  return `${word} certificate ${verdict.certificateId} for migration ${verdict.migrationId}: ${status}, signature valid (${key}), ${intact.map((files) => `${files} intact`).join(', ')}`;
};

/**
 * `sensei verify <certificate.json>`: the signature, every evidence hash and, when given, every
 * partition hash, offline (no database, no event store). One line, and an exit status a script
 * can act on.
 */
export const verify = async (certificatePath: string, options: VerifyOptions): Promise<number> => {
  let verdict: CertificateVerdict;
  let partitions: EvidenceSource | undefined;
  try {
    const bytes = await readInput(certificatePath, 'certificate');
    const publicKey = options.publicKey
      ? parsePublicKey(
          (await readInput(options.publicKey, 'public key file')).toString('utf8'),
          `--public-key ${options.publicKey}`,
        )
      : undefined;
    const evidence = evidenceSourceFor(certificatePath, options.evidence);
    partitions = partitionSourceFor(certificatePath, options.partitions);
    verdict = await verifyCertificate(bytes, { evidence, partitions, publicKey });
  } catch (error) {
    if (!(error instanceof UsageError) && !isSenseiError(error)) throw error;
    process.stderr.write(`sensei: ${error.message}\n`);
    return verifyExit.usage;
  }
  if (verdict.problem) {
    process.stderr.write(`sensei: NOT VERIFIED ${certificatePath}: ${verdict.problem.message}\n`);
    return verifyExit.notAuthentic;
  }
  process.stdout.write(`${verdictLine(verdict, partitions !== undefined)}\n`);
  return verdict.status === 'PASSED' ? verifyExit.verified : verifyExit.notPassed;
};

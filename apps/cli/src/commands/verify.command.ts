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
import { evidenceDirectory, evidenceInStore } from './evidence-sources';

export interface VerifyOptions {
  evidence?: string;
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

/** `--evidence`: an s3:// URL, or a folder; by default the folder of the certificate file. */
const evidenceSourceFor = (certificatePath: string, evidence?: string): EvidenceSource => {
  if (evidence && /^s3:\/\//i.test(evidence)) {
    return evidenceInStore(openArtifactStoreFromUrl(evidence));
  }
  if (evidence) {
    if (!existsSync(evidence) || !statSync(evidence).isDirectory()) {
      throw new UsageError(`--evidence ${evidence} is not a directory (or an s3:// URL)`);
    }
    return evidenceDirectory(evidence);
  }
  const exported = join(dirname(certificatePath), 'evidence');
  return evidenceDirectory(existsSync(exported) ? exported : dirname(certificatePath));
};

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

const verdictLine = (verdict: CertificateVerdict): string => {
  const key = verdict.keyPinned
    ? `key ${verdict.keyId}, pinned`
    : `key ${verdict.keyId}, not pinned: the key embedded in the certificate was used`;
  const status =
    verdict.status === 'PASSED'
      ? 'PASSED'
      : `${verdict.status} (${plural(verdict.reasons.length, 'reason')}${verdict.reasons[0] ? `; first: ${verdict.reasons[0]}` : ''})`;
  const word = verdict.status === 'PASSED' ? 'VERIFIED' : 'AUTHENTIC';
  return `${word} certificate ${verdict.certificateId} for migration ${verdict.migrationId}: ${status}, signature valid (${key}), ${plural(verdict.evidenceChecked, 'evidence file')} intact`;
};

/**
 * `sensei verify <certificate.json>`: the signature and every evidence hash, offline (no
 * database, no event store). One line, and an exit status a script can act on.
 */
export const verify = async (certificatePath: string, options: VerifyOptions): Promise<number> => {
  let verdict: CertificateVerdict;
  try {
    const bytes = await readInput(certificatePath, 'certificate');
    const publicKey = options.publicKey
      ? parsePublicKey(
          (await readInput(options.publicKey, 'public key file')).toString('utf8'),
          `--public-key ${options.publicKey}`,
        )
      : undefined;
    const evidence = evidenceSourceFor(certificatePath, options.evidence);
    verdict = await verifyCertificate(bytes, { evidence, publicKey });
  } catch (error) {
    if (!(error instanceof UsageError) && !isSenseiError(error)) throw error;
    process.stderr.write(`sensei: ${error.message}\n`);
    return verifyExit.usage;
  }
  if (verdict.problem) {
    process.stderr.write(`sensei: NOT VERIFIED ${certificatePath}: ${verdict.problem.message}\n`);
    return verifyExit.notAuthentic;
  }
  process.stdout.write(`${verdictLine(verdict)}\n`);
  return verdict.status === 'PASSED' ? verifyExit.verified : verifyExit.notPassed;
};

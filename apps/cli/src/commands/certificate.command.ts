import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isSenseiError, SenseiError } from '@sensei/domain';
import type { ArtifactStore } from '@sensei/infra';
import {
  type CertificateDocument,
  type Checkpoint,
  partitionFilesOf,
  publicKeyToPem,
  verifyCertificate,
} from '@sensei/kora';
import { type CliSettings, openRuntime } from '../cli-runtime';
import { hashedFilesInStore } from './evidence-sources';

const writeOnce = async (path: string, bytes: Uint8Array) => {
  const existing = await readFile(path).catch(() => undefined);
  if (existing && !existing.equals(bytes)) {
    throw new SenseiError(
      'VALIDATION.FAILED',
      `${path} already holds something else; export into an empty --out directory`,
      { path },
    );
  }
  if (!existing) await writeFile(path, bytes, { flag: 'wx' });
};

/**
 * Each distinct partition of the checkpoint to `dir/<hash>`, one at a time (they can be large).
 * The store checks every hash as it reads, so a corrupted partition is refused, never exported.
 */
const exportPartitions = async (
  artifacts: ArtifactStore,
  checkpoint: Checkpoint,
  dir: string,
): Promise<number> => {
  await mkdir(dir, { recursive: true });
  const exported = new Set<string>();
  for (const { hash, label } of partitionFilesOf(checkpoint)) {
    if (exported.has(hash)) continue;
    const bytes = await artifacts.get(hash).catch((error: unknown) => {
      if (!isSenseiError(error)) throw error;
      const message = `cannot export ${label} (${hash}): ${error.message}`;
      throw new SenseiError(error.code, message, error.details);
    });
    await writeOnce(join(dir, hash), bytes);
    exported.add(hash);
  }
  return exported.size;
};

export interface ExportCertificateOptions {
  out: string;
  /** Also the checkpoint's partitions, so a verifier can prove which data was certified. */
  withPartitions?: boolean;
}

/**
 * `sensei certificate <id> --out <dir>`: the signed certificate exactly as stored, its evidence,
 * its signer's public key and, on request, its partitions, for `sensei verify` on a machine with
 * none of Sensei's stores.
 */
export const exportCertificate = async (
  migrationId: string,
  options: ExportCertificateOptions,
  settings: CliSettings,
): Promise<number> => {
  const runtime = await openRuntime(settings);
  try {
    const { state } = await runtime.commands.load(migrationId);
    if (state.status === 'empty') {
      throw new SenseiError('MIGRATION.NOT_FOUND', `migration ${migrationId} does not exist`);
    }
    const documentHash = state.certificate?.documentHash;
    if (!documentHash) {
      const which = state.certificate
        ? `its certificate ${state.certificate.certificateId} (issued by ${state.certificate.issuedBy}) is not a signed KORA certificate`
        : 'it has no certificate yet';
      throw new SenseiError(
        'MIGRATION.CERTIFICATE_REQUIRED',
        `migration ${migrationId} has no KORA certificate to export: ${which}`,
      );
    }
    const bytes = await runtime.artifacts.get(documentHash);
    // Refuse to hand out a bundle that `sensei verify` would reject.
    const verdict = await verifyCertificate(bytes, {
      evidence: hashedFilesInStore(runtime.artifacts),
    });
    if (verdict.problem) {
      throw new SenseiError(
        'ARTIFACT.CORRUPTED',
        `the stored certificate of migration ${migrationId} does not verify: ${verdict.problem.message}`,
      );
    }
    if (verdict.migrationId !== migrationId) {
      throw new SenseiError(
        'ARTIFACT.CORRUPTED',
        `the certificate recorded for migration ${migrationId} is about migration ${verdict.migrationId}`,
      );
    }
    const document = JSON.parse(bytes.toString('utf8')) as CertificateDocument;
    const out = resolve(options.out);
    await mkdir(join(out, 'evidence'), { recursive: true });
    await writeOnce(join(out, 'certificate.json'), bytes);
    for (const { hash } of document.payload.evidence) {
      await writeOnce(join(out, 'evidence', hash), await runtime.artifacts.get(hash));
    }
    const partitions = options.withPartitions
      ? await exportPartitions(
          runtime.artifacts,
          document.payload.checkpoint,
          join(out, 'partitions'),
        )
      : undefined;
    const publicKey = Buffer.from(document.signature.publicKey, 'hex');
    await writeOnce(join(out, 'public-key.pem'), Buffer.from(publicKeyToPem(publicKey)));
    const file = (name: string) => join(out, name);
    const partitionFiles = partitions === undefined ? '' : `, ${partitions} partition files`;
    const partitionsOption = partitions === undefined ? '' : ` --partitions ${file('partitions')}`;
    process.stdout.write(
      `exported certificate ${verdict.certificateId} (${verdict.status}) of migration ${migrationId} to ${out}: ` +
        `certificate.json, ${document.payload.evidence.length} evidence files${partitionFiles}, public-key.pem (key ${verdict.keyId})\n` +
        `verify it anywhere with: sensei verify ${file('certificate.json')} --evidence ${file('evidence')}${partitionsOption} --public-key ${file('public-key.pem')}\n`,
    );
    return 0;
  } finally {
    await runtime.close();
  }
};

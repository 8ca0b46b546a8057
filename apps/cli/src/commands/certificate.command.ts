import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SenseiError } from '@sensei/domain';
import { type CertificateDocument, publicKeyToPem, verifyCertificate } from '@sensei/kora';
import { type CliSettings, openRuntime } from '../cli-runtime';
import { evidenceInStore } from './evidence-sources';

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
 * `sensei certificate <id> --out <dir>`: the signed certificate exactly as stored, its evidence
 * and its signer's public key, for `sensei verify` on a machine with none of Sensei's stores.
 */
export const exportCertificate = async (
  migrationId: string,
  options: { out: string },
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
      evidence: evidenceInStore(runtime.artifacts),
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
    const publicKey = Buffer.from(document.signature.publicKey, 'hex');
    await writeOnce(join(out, 'public-key.pem'), Buffer.from(publicKeyToPem(publicKey)));
    const file = (name: string) => join(out, name);
    process.stdout.write(
      `exported certificate ${verdict.certificateId} (${verdict.status}) of migration ${migrationId} to ${out}: ` +
        `certificate.json, ${document.payload.evidence.length} evidence files, public-key.pem (key ${verdict.keyId})\n` +
        `verify it anywhere with: sensei verify ${file('certificate.json')} --evidence ${file('evidence')} --public-key ${file('public-key.pem')}\n`,
    );
    return 0;
  } finally {
    await runtime.close();
  }
};

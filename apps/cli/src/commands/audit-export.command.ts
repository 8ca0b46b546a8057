import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SenseiError } from '@sensei/domain';
import {
  type ArtifactStore,
  buildAuditBundle,
  type BundleEvent,
  openKeyFileSigner,
  signingKeyFileIn,
  type StoredCertificate,
  verifyAuditBundle,
} from '@sensei/infra';
import type { CertificateDocument } from '@sensei/kora';
import type { CliSettings } from '../cli-runtime';
import { auditAction, AuditUsageError, out, withAuditTrail } from './audit-runtime';

/** The KORA certificates CertificateIssued events name, each once, as the artifact store holds them. */
const storedCertificates = async (
  events: readonly BundleEvent[],
  artifacts: ArtifactStore,
): Promise<StoredCertificate[]> => {
  const certificates = new Map<string, StoredCertificate>();
  for (const event of events) {
    if (event.type !== 'CertificateIssued') continue;
    const { certificate } = event.data as {
      certificate: { documentHash?: string; evidenceHash: string };
    };
    const { documentHash, evidenceHash } = certificate;
    if (!documentHash || certificates.has(documentHash)) continue;
    const bytes = await artifacts.get(documentHash);
    const document = JSON.parse(bytes.toString('utf8')) as CertificateDocument;
    const evidence = new Map<string, Uint8Array>();
    for (const { hash } of document.payload.evidence) {
      evidence.set(hash, await artifacts.get(hash));
    }
    certificates.set(documentHash, { documentHash, evidenceHash, bytes, evidence });
  }
  return [...certificates.values()];
};

const writeNew = async (path: string, bytes: Uint8Array) => {
  try {
    await writeFile(path, bytes, { flag: 'wx' });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new AuditUsageError(
      code === 'EEXIST'
        ? `${path} already exists; choose another --out (a bundle is never overwritten)`
        : `cannot write ${path} (${String(code ?? error)})`,
    );
  }
};

/**
 * `sensei audit export <id> [--out file]`: one signed, self-contained bundle of the migration's
 * events, chains, certificates (with evidence) and the public key, for `sensei audit verify`
 * on a machine with none of Sensei's stores. Only an intact store is exported.
 */
export const auditExport = (
  migrationId: string,
  options: { out?: string },
  settings: CliSettings,
) =>
  auditAction(() =>
    withAuditTrail(settings, async ({ trail, artifacts, actor, dataDir }) => {
      const file = resolve(options.out ?? `sensei-audit-${migrationId}.json`);
      const streamIds = await trail.streamsOf(migrationId);
      const check = await trail.verify(streamIds);
      if (check.problem) {
        throw new SenseiError('STREAM.TAMPERED', `refusing to export: ${check.problem.message}`);
      }
      const streams = [];
      for (const streamId of streamIds) {
        streams.push({ streamId, events: await trail.storedEvents(streamId) });
      }
      const signer = await openKeyFileSigner({
        defaultKeyFile: signingKeyFileIn(dataDir),
        log: (line) => out(line),
      });
      const { bytes } = await buildAuditBundle(
        {
          migrationId,
          exportedAt: new Date().toISOString(),
          exportedBy: actor,
          streams,
          certificates: await storedCertificates(
            streams.flatMap((stream) => stream.events),
            artifacts,
          ),
        },
        signer,
      );
      // Refuse to hand out a bundle that `sensei audit verify` would reject.
      const verdict = await verifyAuditBundle(bytes);
      if (verdict.problem) {
        throw new SenseiError(
          'ARTIFACT.CORRUPTED',
          `the bundle does not verify: ${verdict.problem.message}`,
        );
      }
      await writeNew(file, bytes);
      const evidence = verdict.certificates.reduce((sum, c) => sum + c.evidenceChecked, 0);
      out(
        `exported the audit bundle of migration ${migrationId} to ${file}: ${verdict.streams} stream(s), ` +
          `${verdict.events} events, ${verdict.certificates.length} certificate(s) with ${evidence} evidence files, ` +
          `signed by key ${signer.keyId} (${bytes.length} bytes)`,
      );
      out(`verify it anywhere with: sensei audit verify ${file}`);
      return 0;
    }),
  );

import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getPublicKeyAsync, signAsync } from '@noble/ed25519';
import type { CertificateStatus } from '@sensei/domain';
import {
  certificateBytes,
  type CertificateDocument,
  type CertificatePayload,
  type CertificateSigner,
  keyIdOf,
  publicKeyToPem,
  signCertificate,
} from '@sensei/kora';

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** A signer on a fixed seed: the same key in every run, so failures are reproducible. */
export const fixtureSigner = async (seedByte = 7): Promise<CertificateSigner> => {
  const seed = new Uint8Array(32).fill(seedByte);
  const publicKey = await getPublicKeyAsync(seed);
  return { keyId: keyIdOf(publicKey), publicKey, sign: (message) => signAsync(message, seed) };
};

/** Two evidence files as KORA writes them: JSON documents named by their SHA-256. */
export const evidenceFiles = {
  'query-replay': JSON.stringify({ queries: [{ sql: 'SELECT count(*) FROM invoice', rows: 412 }] }),
  'row-diff': JSON.stringify({ tables: [{ table: 'invoice', missing: 0, extra: 0, changed: 0 }] }),
};

export const certificatePayload = (status: CertificateStatus = 'PASSED'): CertificatePayload => ({
  kind: 'sensei.kora-certificate',
  version: 1,
  certificateId: 'kora-1f2e3d4c5b6a7980',
  migrationId: '5e1f0000-0000-4000-8000-00000000c0de',
  issuedAt: '2025-03-01T12:00:00.000Z',
  status,
  reasons: status === 'PASSED' ? [] : ['invoice.total: sum differs by 0.5 (tolerance 0.0001)'],
  methods: ['query-replay', 'row-diff'],
  tolerances: { numericEpsilon: 0.0001, timestampToleranceMs: 1000, stringMode: 'exact' },
  checkpoint: {
    takenAt: '2025-03-01T11:59:00.000Z',
    sourceSnapshot: 'sqlite file Chinook_Sqlite.sqlite',
    sourcePartitions: [{ table: 'Invoice', hash: sha256('source partition'), rowCount: 412 }],
    transformedPartitions: [{ table: 'invoice', hash: sha256('output partition'), rowCount: 412 }],
  },
  mappingHash: sha256('mappings'),
  transformationSqlHash: sha256('transformation sql'),
  checks: [
    {
      id: 'replay:invoice:count',
      method: 'query-replay',
      table: 'invoice',
      outcome: 'passed',
      message: 'invoice: 412 rows on both sides',
    },
    {
      id: 'replay:invoice.total:sum',
      method: 'query-replay',
      table: 'invoice',
      column: 'total',
      outcome: status === 'PASSED' ? 'passed' : 'failed',
      message: status === 'PASSED' ? 'invoice.total: sums agree' : 'invoice.total: sum differs',
      details: { source: 2328.6, target: status === 'PASSED' ? 2328.6 : 2329.1 },
    },
  ],
  evidence: Object.entries(evidenceFiles).map(([name, text]) => ({
    name,
    hash: sha256(text),
    size: Buffer.byteLength(text),
  })),
});

export interface SignedBundle {
  document: CertificateDocument;
  certificateFile: string;
  evidenceDir: string;
  publicKeyFile: string;
}

/** The layout `sensei certificate --out` writes: certificate.json, evidence/<hash>, PEM. */
export const writeSignedBundle = async (
  dir: string,
  status: CertificateStatus = 'PASSED',
  signer?: CertificateSigner,
): Promise<SignedBundle> => {
  const key = signer ?? (await fixtureSigner());
  const document = await signCertificate(certificatePayload(status), key);
  const evidenceDir = join(dir, 'evidence');
  mkdirSync(evidenceDir, { recursive: true });
  for (const text of Object.values(evidenceFiles))
    writeFileSync(join(evidenceDir, sha256(text)), text);
  const certificateFile = join(dir, 'certificate.json');
  writeFileSync(certificateFile, certificateBytes(document));
  const publicKeyFile = join(dir, 'public-key.pem');
  writeFileSync(publicKeyFile, publicKeyToPem(key.publicKey));
  return { document, certificateFile, evidenceDir, publicKeyFile };
};

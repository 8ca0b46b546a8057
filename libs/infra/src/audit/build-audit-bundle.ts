import { verifyAsync } from '@noble/ed25519';
import { SenseiError } from '@sensei/domain';
import {
  bytesToHex,
  canonicalJsonBytes,
  type CertificateDocument,
  type CertificateSigner,
  keyIdOf,
  sha256Hex,
  strictVerify,
} from '@sensei/kora';
import { genesisHash } from '../event-store/sql/event-hash';
import {
  AUDIT_BUNDLE_KIND,
  AUDIT_BUNDLE_VERSION,
  type AuditBundle,
  type AuditBundlePayload,
  type BundleCertificate,
  type BundleEvent,
  type BundleStream,
} from './audit-bundle';
import { recomputeChain } from './chain-check';

/** A certificate as the artifact store holds it: its exact bytes, and its evidence files. */
export interface StoredCertificate {
  documentHash: string;
  evidenceHash: string;
  bytes: Uint8Array;
  evidence: ReadonlyMap<string, Uint8Array>;
}

export interface AuditBundleInput {
  migrationId: string;
  exportedAt: string;
  exportedBy: string;
  streams: { streamId: string; events: BundleEvent[] }[];
  certificates: StoredCertificate[];
}

const refuse = (message: string) => new SenseiError('STREAM.TAMPERED', message);

/** Only an intact chain is exported: a signed bundle must never launder an edited event. */
const bundleStream = (streamId: string, events: BundleEvent[]): BundleStream => {
  const check = recomputeChain(streamId, events);
  if (!check.ok) throw refuse(`refusing to export: ${check.message}`);
  const first = events[0];
  const last = events.at(-1);
  if (!first || !last) throw refuse(`refusing to export: stream ${streamId} has no events`);
  return {
    streamId,
    chain: {
      genesisHash,
      eventCount: events.length,
      firstPosition: first.position,
      lastPosition: last.position,
      lastRevision: last.revision,
      lastHash: check.lastHash,
    },
    events,
  };
};

const bundleCertificate = (stored: StoredCertificate): BundleCertificate => {
  const actualHash = sha256Hex(stored.bytes);
  const document = JSON.parse(Buffer.from(stored.bytes).toString('utf8')) as CertificateDocument;
  // Embedded as JSON, the document is re-serialised canonically by the verifier: that must give
  // back the very bytes its artifact hash (the one the event records) names.
  const canonical = canonicalJsonBytes(document, 'certificate');
  if (actualHash !== stored.documentHash || sha256Hex(canonical) !== stored.documentHash) {
    throw new SenseiError(
      'ARTIFACT.CORRUPTED',
      `certificate document ${stored.documentHash} does not hash to its name; not exported`,
    );
  }
  return {
    certificateId: document.payload.certificateId,
    status: document.payload.status,
    documentHash: stored.documentHash,
    evidenceHash: stored.evidenceHash,
    document,
    evidence: document.payload.evidence.map(({ name, hash, size }) => {
      const bytes = stored.evidence.get(hash);
      if (!bytes) {
        throw new SenseiError(
          'ARTIFACT.NOT_FOUND',
          `evidence ${name} (${hash}) of certificate ${document.payload.certificateId} is missing; not exported`,
        );
      }
      return { name, hash, size, base64: Buffer.from(bytes).toString('base64') };
    }),
  };
};

/** Ed25519 over the payload's JCS bytes, checked against the signer's own key before use. */
const signPayload = async (payload: AuditBundlePayload, signer: CertificateSigner) => {
  const message = canonicalJsonBytes(payload, 'bundle payload');
  const keyId = keyIdOf(signer.publicKey);
  const value = await signer.sign(message);
  if (
    signer.keyId !== keyId ||
    !(await verifyAsync(value, message, signer.publicKey, strictVerify))
  ) {
    throw new SenseiError(
      'SIGNING.KEY_INVALID',
      `the signer's signature does not verify with its own public key ${keyId}; nothing was exported`,
    );
  }
  return {
    algorithm: 'Ed25519' as const,
    keyId,
    publicKey: bytesToHex(signer.publicKey),
    value: bytesToHex(value),
    payloadHash: sha256Hex(message),
  };
};

/**
 * One signed, self-contained audit bundle: every event of the migration's streams with their
 * chain, its certificates with their evidence, and the public key. The bytes are the bundle's
 * RFC 8785 canonical JSON, so any changed byte is detected.
 */
export const buildAuditBundle = async (
  input: AuditBundleInput,
  signer: CertificateSigner,
): Promise<{ bundle: AuditBundle; bytes: Uint8Array }> => {
  const streams = input.streams.map(({ streamId, events }) => bundleStream(streamId, events));
  const certificates = input.certificates.map(bundleCertificate);
  const payload: AuditBundlePayload = {
    kind: AUDIT_BUNDLE_KIND,
    version: AUDIT_BUNDLE_VERSION,
    migrationId: input.migrationId,
    exportedAt: input.exportedAt,
    exportedBy: input.exportedBy,
    summary: {
      streams: streams.length,
      events: streams.reduce((sum, stream) => sum + stream.events.length, 0),
      certificates: certificates.length,
    },
    streams,
    certificates,
  };
  const bundle: AuditBundle = { payload, signature: await signPayload(payload, signer) };
  return { bundle, bytes: canonicalJsonBytes(bundle, 'bundle') };
};

import type { CertificateDocument, CertificateSignature } from '@sensei/kora';
import type { EventMetadata } from '../event-store/event-store.port';

export const AUDIT_BUNDLE_KIND = 'sensei.audit-bundle';
export const AUDIT_BUNDLE_VERSION = 1;

/**
 * One event exactly as stored: the content its hash covers (before any upcasting), its place in
 * its stream and in the global log, and the chain fields, so a verifier can recompute the chain
 * from the genesis hash without an event store.
 */
export interface BundleEvent {
  position: number;
  revision: number;
  id: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
  hash: string;
  prevHash: string;
  recordedAt: string;
}

/** Where a stream's chain starts and ends, as the store verified it at export time. */
export interface BundleChainSummary {
  genesisHash: string;
  eventCount: number;
  firstPosition: number;
  lastPosition: number;
  lastRevision: number;
  lastHash: string;
}

export interface BundleStream {
  streamId: string;
  chain: BundleChainSummary;
  events: BundleEvent[];
}

/** An evidence file of a certificate, its bytes in base64 so the bundle needs nothing else. */
export interface BundleEvidence {
  name: string;
  hash: string;
  size: number;
  base64: string;
}

/** A signed KORA certificate the migration's events name (by `documentHash`), with its evidence. */
export interface BundleCertificate {
  certificateId: string;
  status: string;
  /** SHA-256 of the document's canonical bytes: the artifact name CertificateIssued records. */
  documentHash: string;
  /** The evidence hash CertificateIssued records for it. */
  evidenceHash: string;
  document: CertificateDocument;
  evidence: BundleEvidence[];
}

/** The signed part: its RFC 8785 canonical bytes are what the bundle signature covers. */
export interface AuditBundlePayload {
  kind: typeof AUDIT_BUNDLE_KIND;
  version: typeof AUDIT_BUNDLE_VERSION;
  migrationId: string;
  exportedAt: string;
  exportedBy: string;
  /** Totals over all streams, for a reader's first glance (the verifier recounts them). */
  summary: { streams: number; events: number; certificates: number };
  streams: BundleStream[];
  certificates: BundleCertificate[];
}

/** The same block as a certificate's: Ed25519 over the payload, with the public key to check it. */
export type AuditBundleSignature = CertificateSignature;

/** What `sensei audit export` writes (canonical JSON bytes) and `sensei audit verify` reads. */
export interface AuditBundle {
  payload: AuditBundlePayload;
  signature: AuditBundleSignature;
}

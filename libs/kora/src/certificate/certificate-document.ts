import type { CertificateStatus } from '@sensei/domain';
import type { CheckResult, Tolerances, VerificationMethod } from '../engine/verification-input';

/** A content-addressed input or output of verification (SHA-256 hex of its bytes). */
export interface HashedPart {
  /** Source or target table it belongs to. */
  table: string;
  hash: string;
  rowCount?: number;
}

/** What was verified: one consistent source snapshot and the transformed output, by hash. */
export interface Checkpoint {
  takenAt: string;
  /** How the source was read, e.g. `postgres REPEATABLE READ snapshot 00000003-0000001B-1`. */
  sourceSnapshot: string;
  sourcePartitions: HashedPart[];
  transformedPartitions: HashedPart[];
}

/** One evidence file of the bundle; the bytes are in the artifact store under `hash`. */
export interface EvidenceReference {
  /** e.g. `query-replay`, `row-diff`, `expectations`, `statistics`. */
  name: string;
  hash: string;
  size: number;
}

/** The signed part of a certificate; its RFC 8785 (JCS) canonical form is what is signed. */
export interface CertificatePayload {
  kind: 'sensei.kora-certificate';
  version: 1;
  certificateId: string;
  migrationId: string;
  issuedAt: string;
  status: CertificateStatus;
  /** Why it is not PASSED, one line per failed or inconclusive check (first N). */
  reasons: string[];
  methods: VerificationMethod[];
  tolerances: Tolerances;
  checkpoint: Checkpoint;
  /** Hash of the approved mappings (canonical JSON) and of the compiled transformation SQL. */
  mappingHash: string;
  transformationSqlHash: string;
  checks: CheckResult[];
  evidence: EvidenceReference[];
}

export interface CertificateSignature {
  algorithm: 'Ed25519';
  /** First 16 hex digits of SHA-256 over the raw 32-byte public key. */
  keyId: string;
  /** Raw 32-byte public key, hex. */
  publicKey: string;
  /** 64-byte signature over the JCS bytes of `payload`, hex. */
  value: string;
  /**
   * SHA-256 hex of the JCS bytes of `payload` (what `value` signs). Not needed for trust, only
   * for diagnosis: it tells a changed payload from a changed signature.
   */
  payloadHash?: string;
}

/** The certificate as stored (canonical JSON, content-addressed) and handed to `sensei verify`. */
export interface CertificateDocument {
  payload: CertificatePayload;
  signature: CertificateSignature;
}

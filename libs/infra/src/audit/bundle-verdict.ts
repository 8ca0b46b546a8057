/** Which part of the bundle is at fault. */
export type BundlePart =
  'bundle' | 'bundle-signature' | 'public-key' | 'event' | 'chain' | 'certificate';

export interface BundleProblem {
  part: BundlePart;
  message: string;
  streamId?: string;
  revision?: number;
  position?: number;
  certificateId?: string;
}

export interface VerifiedCertificate {
  certificateId: string;
  status: string;
  keyId?: string;
  evidenceChecked: number;
}

export interface AuditBundleVerdict {
  /** Every chain recomputed, every certificate and the bundle signature valid. */
  authentic: boolean;
  /** The first problem found, in one line; absent when authentic. */
  problem?: BundleProblem;
  migrationId?: string;
  exportedAt?: string;
  exportedBy?: string;
  streams: number;
  events: number;
  certificates: VerifiedCertificate[];
  keyId?: string;
  keyPinned: boolean;
}

export interface VerifyAuditBundleOptions {
  /** The key the bundle must be signed with; without it the embedded key is used. */
  publicKey?: Uint8Array;
}

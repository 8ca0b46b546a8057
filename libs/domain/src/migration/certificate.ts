export const certificateStatuses = ['PASSED', 'FAILED', 'INCONCLUSIVE'] as const;
export type CertificateStatus = (typeof certificateStatuses)[number];

/** The verdict of verification, signed by KORA (Ed25519) over its evidence. */
export interface Certificate {
  certificateId: string;
  status: CertificateStatus;
  /** Hash over the evidence bundle (query replays, expectations, statistics). */
  evidenceHash: string;
  signature: string;
  publicKey?: string;
  /** Artifact hash of the signed certificate document (KORA); `sensei verify` checks that file. */
  documentHash?: string;
  /** Human-readable outcome, e.g. the failed checks. */
  summary?: string;
  issuedBy: string;
  issuedAt: string;
}

export const isPassed = (
  certificate: Certificate | undefined,
): certificate is Certificate & { status: 'PASSED' } => certificate?.status === 'PASSED';

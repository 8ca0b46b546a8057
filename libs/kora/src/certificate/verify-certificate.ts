import type { CertificateStatus } from '@sensei/domain';
import type { CertificateDocument } from './certificate-document';
import { envelopeProblem, payloadProblem } from './certificate-shape';
import { sha256Hex } from './certificate-signer.port';
import { checkEvidence, checkPartitions, type EvidenceSource } from './evidence-check';
import {
  checkPayloadSignature,
  isCanonicalJson,
  parseJsonBytes,
  signerKeyCheck,
} from './signature-check';

/** Which part of what was handed over is at fault. */
export type TamperedPart = 'certificate' | 'signature' | 'public-key' | 'evidence' | 'partition';

export interface CertificateVerdict {
  /**
   * Well-formed, signed by its key (the pinned one when given), every evidence file intact, and
   * every checkpoint partition too when they were given.
   */
  authentic: boolean;
  /** The first problem found, in one line; absent when authentic. */
  problem?: { part: TamperedPart; message: string };
  /** SHA-256 of the bytes given: the artifact hash the certificate is stored under. */
  documentHash: string;
  certificateId?: string;
  migrationId?: string;
  status?: CertificateStatus;
  reasons: string[];
  keyId?: string;
  /** Whether the signer's key was compared to a key the verifier brought. */
  keyPinned: boolean;
  evidenceListed: number;
  evidenceChecked: number;
  /** Source and transformed partitions the checkpoint names. */
  partitionsListed: number;
  /** Of those, read and found to hash to their names (0 when no partitions were given). */
  partitionsChecked: number;
}

export interface VerifyCertificateOptions {
  /** Where the evidence files are; without it only the signature is checked. */
  evidence?: EvidenceSource;
  /**
   * Where the checkpoint's partition files are; without it they are not read. With it, the
   * verifier proves the data files it holds are the ones the certificate was issued over.
   */
  partitions?: EvidenceSource;
  /** The key the certificate must be signed with; without it the embedded key is used. */
  publicKey?: Uint8Array;
}

/** Tells a changed payload from a changed signature by the payload hash beside the signature. */
const signatureProblem = async (document: CertificateDocument): Promise<string | undefined> => {
  const { signature } = document;
  const check = await checkPayloadSignature(document.payload, signature, 'payload');
  switch (check.outcome) {
    case 'intact':
      return undefined;
    case 'payload-hash-changed':
      return `signature.payloadHash was changed after signing (the payload and its signature are intact)`;
    case 'no-payload-hash':
      return 'certificate payload does not match its signature (changed after signing, or signed by another key)';
    case 'payload-changed':
      return `certificate payload was changed after signing: it hashes to ${check.payloadHash}, the signed payload to ${check.signedHash}`;
    case 'signature-changed':
      return `signature value was changed after signing: it does not verify over the intact payload with key ${signature.keyId}`;
  }
};

/**
 * Checks a certificate with nothing but its bytes, optionally a pinned key, its evidence and its
 * partitions: no database, no event store. Stops at the first problem and names it.
 */
export const verifyCertificate = async (
  input: Uint8Array | string,
  options: VerifyCertificateOptions = {},
): Promise<CertificateVerdict> => {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const verdict: CertificateVerdict = {
    authentic: false,
    documentHash: sha256Hex(bytes),
    reasons: [],
    keyPinned: options.publicKey !== undefined,
    evidenceListed: 0,
    evidenceChecked: 0,
    partitionsListed: 0,
    partitionsChecked: 0,
  };
  const fail = (part: TamperedPart, message: string) => ({
    ...verdict,
    problem: { part, message },
  });

  const parsed = parseJsonBytes(bytes, 'certificate', { explain: true });
  if ('problem' in parsed) return fail('certificate', parsed.problem);
  const envelope = envelopeProblem(parsed.value);
  if (envelope)
    return fail(envelope.startsWith('signature') ? 'signature' : 'certificate', envelope);
  const document = parsed.value as CertificateDocument;
  const { signature, payload } = document;
  const signer = signerKeyCheck(signature, options.publicKey);
  verdict.keyId = signer.keyId;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  verdict.certificateId = text(payload.certificateId);
  verdict.migrationId = text(payload.migrationId);

  if (signer.problem) return fail(signer.problem.part, signer.problem.message);
  const unsigned = await signatureProblem(document);
  if (unsigned)
    return fail(unsigned.startsWith('signature') ? 'signature' : 'certificate', unsigned);

  if (!isCanonicalJson(document, bytes, 'certificate')) {
    return fail(
      'certificate',
      'certificate is not in canonical JSON form (RFC 8785): its bytes were re-formatted or edited after signing, though its signed payload is intact',
    );
  }
  const malformed = payloadProblem(document);
  if (malformed) return fail('certificate', `certificate is signed but malformed: ${malformed}`);
  verdict.status = payload.status;
  verdict.reasons = payload.reasons;
  verdict.evidenceListed = payload.evidence.length;
  const { sourcePartitions, transformedPartitions } = payload.checkpoint;
  verdict.partitionsListed = sourcePartitions.length + transformedPartitions.length;

  if (options.evidence) {
    const evidence = await checkEvidence(payload.evidence, options.evidence);
    verdict.evidenceChecked = evidence.intact;
    if (evidence.problem) return fail('evidence', evidence.problem);
  }
  if (options.partitions) {
    const partitions = await checkPartitions(payload.checkpoint, options.partitions);
    verdict.partitionsChecked = partitions.intact;
    if (partitions.problem) return fail('partition', partitions.problem);
  }
  return { ...verdict, authentic: true };
};

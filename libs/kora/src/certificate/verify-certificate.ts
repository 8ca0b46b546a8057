import { verifyAsync } from '@noble/ed25519';
import type { CertificateStatus } from '@sensei/domain';
import { canonicalJsonBytes } from './canonical-json';
import type { CertificateDocument } from './certificate-document';
import { envelopeProblem, payloadProblem } from './certificate-shape';
import { keyIdOf, sha256Hex } from './certificate-signer.port';
import { checkEvidence, type EvidenceSource } from './evidence-check';
import { bytesToHex, hexToBytes } from './public-key';
import { strictVerify } from './sign-certificate';

/** Which part of what was handed over is at fault. */
export type TamperedPart = 'certificate' | 'signature' | 'public-key' | 'evidence';

export interface CertificateVerdict {
  /** Well-formed, signed by its key (the pinned one when given), every evidence file intact. */
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
}

export interface VerifyCertificateOptions {
  /** Where the evidence files are; without it only the signature is checked. */
  evidence?: EvidenceSource;
  /** The key the certificate must be signed with; without it the embedded key is used. */
  publicKey?: Uint8Array;
}

const parse = (bytes: Uint8Array): { value: unknown } | { problem: string } => {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { problem: 'certificate is not valid UTF-8 text' };
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /at position (\d+)/.exec(message)?.[1];
    if (at !== undefined) {
      const byte = Buffer.byteLength(text.slice(0, Number(at)));
      return { problem: `certificate is not valid JSON at byte ${byte}` };
    }
    if (/end of JSON input/.test(message)) {
      return { problem: `certificate is not valid JSON: it ends early, at byte ${bytes.length}` };
    }
    return { problem: `certificate is not valid JSON (${message.slice(0, 80)})` };
  }
};

/** Tells a changed payload from a changed signature by the payload hash beside the signature. */
const signatureProblem = async (document: CertificateDocument): Promise<string | undefined> => {
  const { signature } = document;
  const message = canonicalJsonBytes(document.payload, 'payload');
  const signed = await verifyAsync(
    hexToBytes(signature.value, 64) ?? new Uint8Array(),
    message,
    hexToBytes(signature.publicKey, 32) ?? new Uint8Array(),
    strictVerify,
  ).catch(() => false);
  const payloadHash = sha256Hex(message);
  const hashAgrees = signature.payloadHash === undefined || signature.payloadHash === payloadHash;
  if (signed && hashAgrees) return undefined;
  if (signed) {
    return `signature.payloadHash was changed after signing (the payload and its signature are intact)`;
  }
  if (signature.payloadHash === undefined) {
    return 'certificate payload does not match its signature (changed after signing, or signed by another key)';
  }
  if (!hashAgrees) {
    return `certificate payload was changed after signing: it hashes to ${payloadHash}, the signed payload to ${signature.payloadHash}`;
  }
  return `signature value was changed after signing: it does not verify over the intact payload with key ${signature.keyId}`;
};

/**
 * Bytes beyond the signed payload (spacing, key order, duplicate keys) must not vary either: a
 * certificate is its exact canonical bytes, the same that its artifact hash names.
 */
const isCanonical = (document: CertificateDocument, bytes: Uint8Array): boolean => {
  try {
    return Buffer.from(canonicalJsonBytes(document, 'certificate')).equals(bytes);
  } catch {
    return false; // e.g. a lone surrogate escaped in a string: no canonical form at all
  }
};

/**
 * Checks a certificate with nothing but its bytes, optionally a pinned key and its evidence: no
 * database, no event store. Stops at the first problem and names it.
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
  };
  const fail = (part: TamperedPart, message: string) => ({
    ...verdict,
    problem: { part, message },
  });

  const parsed = parse(bytes);
  if ('problem' in parsed) return fail('certificate', parsed.problem);
  const envelope = envelopeProblem(parsed.value);
  if (envelope)
    return fail(envelope.startsWith('signature') ? 'signature' : 'certificate', envelope);
  const document = parsed.value as CertificateDocument;
  const { signature, payload } = document;
  const embeddedKey = hexToBytes(signature.publicKey, 32) ?? new Uint8Array(32);
  verdict.keyId = keyIdOf(embeddedKey);
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  verdict.certificateId = text(payload.certificateId);
  verdict.migrationId = text(payload.migrationId);

  if (signature.keyId !== verdict.keyId) {
    return fail(
      'signature',
      `signature.publicKey (key id ${verdict.keyId}) is not key ${signature.keyId} named beside it: one of them was changed`,
    );
  }
  if (options.publicKey && bytesToHex(options.publicKey) !== signature.publicKey) {
    const pinned = keyIdOf(options.publicKey);
    return fail('public-key', `signer key ${verdict.keyId} is not the pinned public key ${pinned}`);
  }
  const unsigned = await signatureProblem(document);
  if (unsigned)
    return fail(unsigned.startsWith('signature') ? 'signature' : 'certificate', unsigned);

  if (!isCanonical(document, bytes)) {
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

  if (options.evidence) {
    const evidence = await checkEvidence(payload.evidence, options.evidence);
    verdict.evidenceChecked = evidence.intact;
    if (evidence.problem) return fail('evidence', evidence.problem);
  }
  return { ...verdict, authentic: true };
};

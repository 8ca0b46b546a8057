import { verifyAsync } from '@noble/ed25519';
import { canonicalJsonBytes } from './canonical-json';
import type { CertificateSignature } from './certificate-document';
import { keyIdOf, sha256Hex } from './certificate-signer.port';
import { bytesToHex, hexToBytes } from './public-key';
import { strictVerify } from './sign-certificate';

/**
 * The checks a certificate and an audit bundle share: both are `{ payload, signature }` in
 * canonical JSON, signed with Ed25519 over the canonical bytes of `payload`.
 */

/**
 * JSON from bytes, or one line saying why not, naming `what` was read. `explain` adds why a
 * parse failed where no byte position is known (it ends early, or the parser's reason).
 */
export const parseJsonBytes = (
  bytes: Uint8Array,
  what: string,
  { explain = false }: { explain?: boolean } = {},
): { value: unknown } | { problem: string } => {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { problem: `${what} is not valid UTF-8 text` };
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /at position (\d+)/.exec(message)?.[1];
    if (at !== undefined) {
      const byte = Buffer.byteLength(text.slice(0, Number(at)));
      return { problem: `${what} is not valid JSON at byte ${byte}` };
    }
    if (!explain) return { problem: `${what} is not valid JSON` };
    if (/end of JSON input/.test(message)) {
      return { problem: `${what} is not valid JSON: it ends early, at byte ${bytes.length}` };
    }
    return { problem: `${what} is not valid JSON (${message.slice(0, 80)})` };
  }
};

/**
 * Whether `bytes` are exactly the canonical JSON (RFC 8785) of `value`: bytes beyond the signed
 * payload (spacing, key order, duplicate keys) must not vary either.
 */
export const isCanonicalJson = (value: unknown, bytes: Uint8Array, what: string): boolean => {
  try {
    return Buffer.from(canonicalJsonBytes(value, what)).equals(bytes);
  } catch {
    return false; // e.g. a lone surrogate escaped in a string: no canonical form at all
  }
};

/**
 * The key id of the embedded public key, and the first problem with the signer's key: the key id
 * named beside it is not its own (`signature`), or it is not the pinned key (`public-key`).
 */
export const signerKeyCheck = (
  signature: CertificateSignature,
  pinnedKey?: Uint8Array,
): { keyId: string; problem?: { part: 'signature' | 'public-key'; message: string } } => {
  const keyId = keyIdOf(hexToBytes(signature.publicKey, 32) ?? new Uint8Array(32));
  if (signature.keyId !== keyId) {
    const message = `signature.publicKey (key id ${keyId}) is not key ${signature.keyId} named beside it: one of them was changed`;
    return { keyId, problem: { part: 'signature', message } };
  }
  if (pinnedKey && bytesToHex(pinnedKey) !== signature.publicKey) {
    const message = `signer key ${keyId} is not the pinned public key ${keyIdOf(pinnedKey)}`;
    return { keyId, problem: { part: 'public-key', message } };
  }
  return { keyId };
};

/**
 * How the signature stands over the payload. The payload hash beside the signature tells a
 * changed payload from a changed signature:
 * - `intact`: it verifies and the payload hash (if any) agrees;
 * - `payload-hash-changed`: it verifies, but the payload hash beside it was changed;
 * - `payload-changed`: it does not verify and the payload no longer hashes to the signed hash;
 * - `signature-changed`: it does not verify over the payload the hash vouches for;
 * - `no-payload-hash`: it does not verify and there is no payload hash to tell which changed.
 */
export type SignatureCheck =
  | { outcome: 'intact' | 'payload-hash-changed' | 'signature-changed' | 'no-payload-hash' }
  | { outcome: 'payload-changed'; payloadHash: string; signedHash: string };

/** Checks `signature` over the canonical JSON bytes of `payload` (named `what` if it has none). */
export const checkPayloadSignature = async (
  payload: unknown,
  signature: CertificateSignature,
  what: string,
): Promise<SignatureCheck> => {
  const message = canonicalJsonBytes(payload, what);
  const signed = await verifyAsync(
    hexToBytes(signature.value, 64) ?? new Uint8Array(),
    message,
    hexToBytes(signature.publicKey, 32) ?? new Uint8Array(),
    strictVerify,
  ).catch(() => false);
  const payloadHash = sha256Hex(message);
  const signedHash = signature.payloadHash;
  if (signed)
    return {
      outcome:
        signedHash === undefined || signedHash === payloadHash ? 'intact' : 'payload-hash-changed',
    };
  if (signedHash === undefined) return { outcome: 'no-payload-hash' };
  if (signedHash !== payloadHash) return { outcome: 'payload-changed', payloadHash, signedHash };
  return { outcome: 'signature-changed' };
};

import { createHash } from 'node:crypto';

/**
 * Who signs certificates: a key file or environment variable today, a KMS tomorrow. The private
 * key never leaves the signer; certificates carry `keyId` and `publicKey` so anyone can verify.
 */
export interface CertificateSigner {
  /** `keyIdOf(publicKey)`. */
  readonly keyId: string;
  /** Raw 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
  /** Ed25519 signature (64 bytes) over `message`. */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;

export const sha256Hex = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex');

/** First 16 hex digits of SHA-256 over the raw 32-byte public key: short, stable, comparable. */
export const keyIdOf = (publicKey: Uint8Array): string => {
  if (publicKey.length !== ED25519_PUBLIC_KEY_BYTES) {
    throw new RangeError(`an Ed25519 public key is 32 bytes, not ${publicKey.length}`);
  }
  return sha256Hex(publicKey).slice(0, 16);
};

import { createPublicKey } from 'node:crypto';
import { SenseiError } from '@sensei/domain';
import { ED25519_PUBLIC_KEY_BYTES } from './certificate-signer.port';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the raw key follows it. */
const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');

export const bytesToHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Strict: `Buffer.from(text, 'hex')` silently stops at the first non-hex character. */
export const hexToBytes = (text: string, byteLength: number): Uint8Array | undefined =>
  new RegExp(`^[0-9a-f]{${byteLength * 2}}$`).test(text)
    ? new Uint8Array(Buffer.from(text, 'hex'))
    : undefined;

/** The PEM `PUBLIC KEY` (SPKI) form of a raw Ed25519 key, as OpenSSL and Node read it. */
export const publicKeyToPem = (publicKey: Uint8Array): string =>
  createPublicKey({
    key: Buffer.concat([spkiPrefix, publicKey]),
    format: 'der',
    type: 'spki',
  })
    .export({ format: 'pem', type: 'spki' })
    .toString();

const invalidKey = (source: string, why: string) =>
  new SenseiError(
    'VALIDATION.FAILED',
    `${source} is not an Ed25519 public key: ${why} (give 64 hex characters or a PEM "PUBLIC KEY" file)`,
    { source },
  );

/** A pinned public key as a user hands it over: 64 hex characters, or a PEM SPKI file. */
export const parsePublicKey = (text: string, source: string): Uint8Array => {
  const trimmed = text.trim();
  const fromHex = hexToBytes(trimmed.toLowerCase(), ED25519_PUBLIC_KEY_BYTES);
  if (fromHex) return fromHex;
  if (!trimmed.includes('-----BEGIN')) {
    throw invalidKey(source, 'neither 64 hex characters nor PEM');
  }
  // Node would derive the public key from a private one; a private key in hand is a leak to stop.
  if (trimmed.includes('PRIVATE KEY')) {
    throw invalidKey(source, 'it holds a PRIVATE key, which must stay with the signer');
  }
  let der: Buffer;
  try {
    const key = createPublicKey({ key: trimmed, format: 'pem' });
    if (key.asymmetricKeyType !== 'ed25519') {
      throw invalidKey(source, `it is a ${key.asymmetricKeyType ?? 'unknown'} key`);
    }
    der = key.export({ format: 'der', type: 'spki' });
  } catch (error) {
    if (error instanceof SenseiError) throw error;
    throw invalidKey(source, 'the PEM does not parse');
  }
  return new Uint8Array(der.subarray(spkiPrefix.length));
};

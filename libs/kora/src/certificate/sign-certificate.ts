import { verifyAsync } from '@noble/ed25519';
import { SenseiError } from '@sensei/domain';
import { canonicalJson, canonicalJsonBytes } from './canonical-json';
import type { CertificateDocument, CertificatePayload } from './certificate-document';
import {
  type CertificateSigner,
  ED25519_SIGNATURE_BYTES,
  keyIdOf,
  sha256Hex,
} from './certificate-signer.port';
import { bytesToHex } from './public-key';

/** RFC 8032 strict verification: one valid signature per message and key, no malleability. */
export const strictVerify = { zip215: false } as const;

/**
 * Signs the JCS bytes of `payload`. The payload in the result is re-read from those bytes, so
 * the document holds exactly what was signed. A signer whose signature would not verify (a
 * misconfigured KMS, a key id that is not its key's) is refused before anything is issued.
 */
export const signCertificate = async (
  payload: CertificatePayload,
  signer: CertificateSigner,
): Promise<CertificateDocument> => {
  const message = canonicalJsonBytes(payload, 'payload');
  const keyId = keyIdOf(signer.publicKey);
  if (signer.keyId !== keyId) {
    throw new SenseiError(
      'SIGNING.KEY_INVALID',
      `the signer calls its key ${signer.keyId}, but its public key has id ${keyId}`,
    );
  }
  const value = await signer.sign(message);
  const verifies =
    value.length === ED25519_SIGNATURE_BYTES &&
    (await verifyAsync(value, message, signer.publicKey, strictVerify));
  if (!verifies) {
    throw new SenseiError(
      'SIGNING.KEY_INVALID',
      `the signer's signature does not verify with its own public key ${keyId}; nothing was signed`,
    );
  }
  return {
    payload: JSON.parse(new TextDecoder().decode(message)) as CertificatePayload,
    signature: {
      algorithm: 'Ed25519',
      keyId,
      publicKey: bytesToHex(signer.publicKey),
      value: bytesToHex(value),
      payloadHash: sha256Hex(message),
    },
  };
};

/** What is stored in the artifact store and written to certificate.json: the document's JCS. */
export const certificateBytes = (document: CertificateDocument): Uint8Array =>
  canonicalJsonBytes(document, 'certificate');

export const certificateText = (document: CertificateDocument): string =>
  canonicalJson(document, 'certificate');

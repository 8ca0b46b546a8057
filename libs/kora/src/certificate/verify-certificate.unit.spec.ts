import { createHash } from 'node:crypto';
import { verifyAsync } from '@noble/ed25519';
import { SenseiError } from '@sensei/domain';
import {
  certificatePayload,
  evidenceFiles,
  fixtureSigner,
} from '../../../../test/support/signed-certificate';
import { canonicalJsonBytes } from './canonical-json';
import type { CertificateDocument } from './certificate-document';
import type { EvidenceSource } from './evidence-check';
import { certificateBytes, certificateText, signCertificate } from './sign-certificate';
import { verifyCertificate } from './verify-certificate';

const sha256 = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex');
const evidenceIn = (files: Record<string, string>): EvidenceSource => ({
  description: 'the test bundle',
  read: async (hash) => {
    const text = Object.values(files).find((candidate) => sha256(candidate) === hash);
    return text === undefined ? undefined : new TextEncoder().encode(text);
  },
});
const intactEvidence = evidenceIn(evidenceFiles);
/** The bytes of the fixture checkpoint's partitions, as their files hold them. */
const partitionFiles = { Invoice: 'source partition', invoice: 'output partition' };

const signed = async (status: 'PASSED' | 'FAILED' = 'PASSED') =>
  signCertificate(certificatePayload(status), await fixtureSigner());
/** The certificate text after `edit`, keeping every other byte as signed. */
const edited = (document: CertificateDocument, edit: (text: string) => string) =>
  edit(certificateText(document));

describe('signCertificate / verifyCertificate', () => {
  it('signs the JCS bytes of the payload with Ed25519, verifiable by any Ed25519 library', async () => {
    const signer = await fixtureSigner();
    const document = await signCertificate(certificatePayload(), signer);
    const message = canonicalJsonBytes(certificatePayload());
    const signature = Buffer.from(document.signature.value, 'hex');
    expect(await verifyAsync(signature, message, signer.publicKey)).toBe(true);
    expect(document.signature).toMatchObject({
      algorithm: 'Ed25519',
      keyId: signer.keyId,
      publicKey: Buffer.from(signer.publicKey).toString('hex'),
      payloadHash: sha256(message),
    });
  });

  it('verifies its own certificate: authentic, PASSED, every evidence file intact', async () => {
    const document = await signed();
    const bytes = certificateBytes(document);
    const verdict = await verifyCertificate(bytes, { evidence: intactEvidence });
    expect(verdict).toEqual({
      authentic: true,
      documentHash: sha256(bytes),
      certificateId: 'kora-1f2e3d4c5b6a7980',
      migrationId: '5e1f0000-0000-4000-8000-00000000c0de',
      status: 'PASSED',
      reasons: [],
      keyId: document.signature.keyId,
      keyPinned: false,
      evidenceListed: 2,
      evidenceChecked: 2,
      partitionsListed: 2,
      partitionsChecked: 0,
    });
  });

  it('says a FAILED certificate is authentic and FAILED, with its reasons', async () => {
    const verdict = await verifyCertificate(certificateText(await signed('FAILED')));
    expect(verdict).toMatchObject({
      authentic: true,
      status: 'FAILED',
      reasons: [expect.any(String)],
    });
  });

  it('names a changed payload', async () => {
    const text = edited(await signed(), (t) => t.replace('412 rows on both', '413 rows on both'));
    expect((await verifyCertificate(text)).problem).toEqual({
      part: 'certificate',
      message: expect.stringMatching(
        /^certificate payload was changed after signing: it hashes to/,
      ),
    });
  });

  it('names a changed signature value, and a signature that is not hex', async () => {
    const document = await signed();
    const value = document.signature.value;
    const other = `${value.slice(0, 10)}${value[10] === '0' ? '1' : '0'}${value.slice(11)}`;
    const changed = await verifyCertificate(edited(document, (t) => t.replace(value, other)));
    expect(changed.problem).toEqual({
      part: 'signature',
      message: expect.stringMatching(/^signature value was changed after signing/),
    });
    const garbled = await verifyCertificate(
      edited(document, (t) => t.replace(value, `z${value.slice(1)}`)),
    );
    expect(garbled.problem?.message).toBe('signature.value is not 64 bytes of hex');
  });

  it('names a swapped public key, and a key other than the pinned one', async () => {
    const document = await signed();
    const otherSigner = await fixtureSigner(9);
    const otherKey = Buffer.from(otherSigner.publicKey).toString('hex');
    const swapped = edited(document, (t) => t.replace(document.signature.publicKey, otherKey));
    expect((await verifyCertificate(swapped)).problem?.message).toBe(
      `signature.publicKey (key id ${otherSigner.keyId}) is not key ${document.signature.keyId} named beside it: one of them was changed`,
    );
    const pinned = await verifyCertificate(certificateText(document), {
      publicKey: otherSigner.publicKey,
    });
    expect(pinned.problem).toEqual({
      part: 'public-key',
      message: `signer key ${document.signature.keyId} is not the pinned public key ${otherSigner.keyId}`,
    });
  });

  it('without a payload hash (older certificates) still refuses a changed payload', async () => {
    const document = await signed();
    delete document.signature.payloadHash;
    const text = edited(document, (t) => t.replace('sums agree', 'sums agreE'));
    expect((await verifyCertificate(text)).problem?.message).toBe(
      'certificate payload does not match its signature (changed after signing, or signed by another key)',
    );
  });

  it('refuses bytes that are not JSON, or not the canonical bytes that were signed', async () => {
    const text = certificateText(await signed());
    expect(text.slice(0, 11)).toBe('{"payload":');
    const broken = await verifyCertificate(`${text.slice(0, 10)}#${text.slice(11)}`);
    expect(broken.problem?.message).toBe('certificate is not valid JSON at byte 10');
    const pretty = JSON.stringify(JSON.parse(text), null, 2);
    expect((await verifyCertificate(pretty)).problem?.message).toMatch(
      /^certificate is not in canonical JSON form \(RFC 8785\)/,
    );
    const notKora = await verifyCertificate('{"payload":{"kind":"invoice"},"signature":{}}');
    expect(notKora.problem?.message).toBe(
      'certificate is not a KORA certificate: its kind is "invoice"',
    );
  });

  it('names missing and corrupted evidence by name and hash', async () => {
    const text = certificateText(await signed());
    const [replay, diff] = certificatePayload().evidence;
    const missing = await verifyCertificate(text, {
      evidence: evidenceIn({ 'query-replay': evidenceFiles['query-replay'] }),
    });
    expect(missing).toMatchObject({
      authentic: false,
      evidenceChecked: 1,
      problem: {
        part: 'evidence',
        message: `evidence row-diff (${diff?.hash}) is missing from the test bundle`,
      },
    });
    const corrupted = await verifyCertificate(text, {
      evidence: {
        description: 'an artifact store',
        read: async (hash) => {
          if (hash === replay?.hash)
            throw new SenseiError('ARTIFACT.CORRUPTED', 'x', { actualHash: 'abc' });
          return undefined;
        },
      },
    });
    expect(corrupted.problem?.message).toBe(
      `evidence query-replay (${replay?.hash}) is corrupted: its bytes hash to abc`,
    );
  });

  describe('with the checkpoint partitions', () => {
    const [source] = certificatePayload().checkpoint.sourcePartitions;
    const [transformed] = certificatePayload().checkpoint.transformedPartitions;

    it('reads every source and transformed partition, one at a time, and counts them intact', async () => {
      let reading = 0;
      let mostAtOnce = 0;
      const intact = evidenceIn(partitionFiles);
      const partitions: EvidenceSource = {
        description: 'the data files',
        read: async (hash) => {
          mostAtOnce = Math.max(mostAtOnce, ++reading);
          await new Promise((resolve) => setImmediate(resolve));
          reading -= 1;
          return intact.read(hash);
        },
      };
      const verdict = await verifyCertificate(certificateText(await signed()), {
        evidence: intactEvidence,
        partitions,
      });
      expect(verdict).toMatchObject({
        authentic: true,
        evidenceChecked: 2,
        partitionsListed: 2,
        partitionsChecked: 2,
      });
      expect(verdict.problem).toBeUndefined();
      expect(mostAtOnce).toBe(1);
    });

    it('names a missing partition by side, table and hash', async () => {
      const verdict = await verifyCertificate(certificateText(await signed()), {
        partitions: evidenceIn({ Invoice: partitionFiles.Invoice }),
      });
      expect(verdict).toMatchObject({
        authentic: false,
        partitionsChecked: 1,
        problem: {
          part: 'partition',
          message: `transformed partition of invoice (${transformed?.hash}) is missing from the test bundle`,
        },
      });
    });

    it('names a partition with one flipped byte, and the hash its bytes have', async () => {
      const flipped = Buffer.from(partitionFiles.Invoice);
      flipped[3] = (flipped[3] ?? 0) ^ 0x01;
      const verdict = await verifyCertificate(certificateText(await signed()), {
        partitions: {
          description: 'the data files',
          read: async (hash) => (hash === source?.hash ? flipped : undefined),
        },
      });
      expect(verdict).toMatchObject({
        authentic: false,
        partitionsChecked: 0,
        problem: {
          part: 'partition',
          message: `source partition of Invoice (${source?.hash}) is corrupted: its bytes hash to ${sha256(flipped)}`,
        },
      });
    });
  });

  it('refuses a signed payload of the wrong shape, naming the field', async () => {
    const payload = { ...certificatePayload(), status: 'MAYBE' } as unknown as ReturnType<
      typeof certificatePayload
    >;
    const document = await signCertificate(payload, await fixtureSigner());
    expect((await verifyCertificate(certificateText(document))).problem?.message).toBe(
      'certificate is signed but malformed: payload.status is "MAYBE", not one of PASSED, FAILED, INCONCLUSIVE',
    );
  });

  it('refuses to sign with a signer whose signatures do not verify with its own key', async () => {
    const signer = await fixtureSigner();
    const broken = { ...signer, sign: async () => new Uint8Array(64) };
    await expect(signCertificate(certificatePayload(), broken)).rejects.toThrow(
      /does not verify with its own public key/,
    );
    const misnamed = { ...signer, keyId: '0000000000000000' };
    await expect(signCertificate(certificatePayload(), misnamed)).rejects.toThrow(
      /the signer calls its key 0000000000000000, but its public key has id/,
    );
  });
});

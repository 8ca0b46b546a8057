import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPublicKeyAsync } from '@noble/ed25519';
import {
  type CertificateSigner,
  certificateText,
  keyIdOf,
  signCertificate,
  verifyCertificate,
} from '@sensei/kora';
import { certificatePayload } from '../../../test/support/signed-certificate';
import { CERTIFICATE_SIGNER } from '../src/adapters/tokens';
import { bearer, call, startTestApi, type TestApi } from './support/test-api';

describe('command API: GET /kora/public-key publishes the certificate signing key (e2e)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'sensei-kora-key-'));
  const signingKeyFile = join(scratch, 'keys', 'kora-ed25519.key');
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ signingKeyFile });
  }, 60_000);
  afterAll(async () => {
    await api.app.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('returns the key generated in the key file: keyId, raw hex and PEM of the same key', async () => {
    const response = await call(api.app, 'GET', '/kora/public-key', { headers: bearer('viewer') });

    const seed = Buffer.from(readFileSync(signingKeyFile, 'utf8').trim(), 'hex');
    const publicKey = await getPublicKeyAsync(seed);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      algorithm: 'Ed25519',
      keyId: keyIdOf(publicKey),
      publicKey: Buffer.from(publicKey).toString('hex'),
      pem: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----\n/),
    });
    const fromPem = createPublicKey(response.body.pem as string).export({ format: 'jwk' });
    expect(Buffer.from(fromPem.x ?? '', 'base64url')).toEqual(Buffer.from(publicKey));
  });

  it('is the key of the signer the agents get: its certificates verify pinned to it', async () => {
    const published = await call(api.app, 'GET', '/kora/public-key', { headers: bearer('viewer') });
    const signer = api.app.get<CertificateSigner>(CERTIFICATE_SIGNER);
    const document = await signCertificate(certificatePayload(), signer);
    const verdict = await verifyCertificate(certificateText(document), {
      publicKey: Buffer.from(published.body.publicKey as string, 'hex'),
    });
    expect(verdict).toMatchObject({
      authentic: true,
      keyPinned: true,
      keyId: published.body.keyId,
    });
  });

  it('keeps the key across restarts', async () => {
    const before = await call(api.app, 'GET', '/kora/public-key', { headers: bearer('viewer') });
    await api.app.close();
    api = await startTestApi({ signingKeyFile });
    const after = await call(api.app, 'GET', '/kora/public-key', { headers: bearer('viewer') });
    expect(after.body.keyId).toBe(before.body.keyId);
  }, 60_000);

  it('asks for a credential, like every read endpoint', async () => {
    const response = await call(api.app, 'GET', '/kora/public-key');
    expect(response.status).toBe(401);
  });

  it('refuses to start on a malformed key file, naming the file', async () => {
    const broken = join(scratch, 'broken.key');
    writeFileSync(broken, 'not a key\n');
    await expect(startTestApi({ signingKeyFile: broken })).rejects.toThrow(
      `signing key file ${broken} is not an Ed25519 signing key`,
    );
  }, 60_000);
});

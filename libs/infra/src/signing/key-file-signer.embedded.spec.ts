import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { getPublicKeyAsync, verifyAsync } from '@noble/ed25519';
import { keyIdOf } from '@sensei/kora';
import { openKeyFileSigner, signingKeyFileIn } from './key-file-signer';

describe('key file signer', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'sensei-signing-'));
  let caseNumber = 0;
  const freshDataDir = () => join(scratch, `home-${++caseNumber}`);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('generates a key on first use, private to its owner, says so once, and keeps it', async () => {
    const keyFile = signingKeyFileIn(freshDataDir());
    const log: string[] = [];
    const first = await openKeyFileSigner({
      defaultKeyFile: keyFile,
      env: {},
      log: (l) => log.push(l),
    });

    expect(readFileSync(keyFile, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(keyFile)).mode & 0o777).toBe(0o700);
    expect(log).toEqual([
      `generated a new Ed25519 signing key in ${keyFile} (keep it safe: it signs certificates)`,
    ]);

    const again = await openKeyFileSigner({
      defaultKeyFile: keyFile,
      env: {},
      log: (l) => log.push(l),
    });
    expect(again.keyId).toBe(first.keyId);
    expect(log).toHaveLength(1);
  });

  it('signs so that its public key verifies, and names its key by keyIdOf', async () => {
    const signer = await openKeyFileSigner({
      defaultKeyFile: signingKeyFileIn(freshDataDir()),
      env: {},
    });
    const message = new TextEncoder().encode('certificate payload');
    expect(await verifyAsync(await signer.sign(message), message, signer.publicKey)).toBe(true);
    expect(signer.keyId).toBe(keyIdOf(signer.publicKey));
  });

  it('gives every process that starts at once the same key (one file, written once)', async () => {
    const keyFile = signingKeyFileIn(freshDataDir());
    const signers = await Promise.all(
      Array.from({ length: 6 }, () => openKeyFileSigner({ defaultKeyFile: keyFile, env: {} })),
    );
    expect(new Set(signers.map((signer) => signer.keyId)).size).toBe(1);
  });

  it('takes SENSEI_SIGNING_KEY before any file, and writes no file', async () => {
    const seed = '11'.repeat(32);
    const keyFile = signingKeyFileIn(freshDataDir());
    const signer = await openKeyFileSigner({
      defaultKeyFile: keyFile,
      env: { SENSEI_SIGNING_KEY: seed },
    });
    expect(signer.keyId).toBe(keyIdOf(await getPublicKeyAsync(Buffer.from(seed, 'hex'))));
    expect(signer.keySource).toBe('SENSEI_SIGNING_KEY');
    expect(existsSync(keyFile)).toBe(false);
  });

  it('takes SENSEI_SIGNING_KEY_FILE before the default file', async () => {
    const chosen = join(freshDataDir(), 'chosen.key');
    const signer = await openKeyFileSigner({
      defaultKeyFile: signingKeyFileIn(freshDataDir()),
      env: { SENSEI_SIGNING_KEY_FILE: chosen },
    });
    expect(signer.keySource).toBe(chosen);
    expect(existsSync(chosen)).toBe(true);
  });

  it('refuses a malformed SENSEI_SIGNING_KEY naming the variable and the fix, never echoing it', async () => {
    const secretish = 'abcdef123456';
    const opening = openKeyFileSigner({ env: { SENSEI_SIGNING_KEY: secretish } });
    await expect(opening).rejects.toMatchObject({
      code: 'SIGNING.KEY_INVALID',
      message:
        'SENSEI_SIGNING_KEY is not an Ed25519 signing key: expected 64 hex characters (a 32-byte seed), found 12 hex characters; generate one with `openssl rand -hex 32`',
    });
  });

  it('refuses a key file that is not a key, naming the file', async () => {
    const keyFile = signingKeyFileIn(freshDataDir());
    await openKeyFileSigner({ defaultKeyFile: keyFile, env: {} });
    writeFileSync(keyFile, '-----BEGIN SOMETHING ELSE-----\n');
    await expect(openKeyFileSigner({ defaultKeyFile: keyFile, env: {} })).rejects.toThrow(
      `signing key file ${keyFile} is not an Ed25519 signing key: expected 64 hex characters (a 32-byte seed), found characters that are not hex; replace it`,
    );
  });

  it('without a data directory signs with a key for this process only, and says so', async () => {
    const log: string[] = [];
    const signer = await openKeyFileSigner({ env: {}, log: (line) => log.push(line) });
    expect(signer.keySource).toBe('an in-memory key');
    expect(log).toEqual([
      'signing certificates with a key that lives in memory only (no data directory)',
    ]);
  });
});

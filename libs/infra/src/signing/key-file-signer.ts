import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { getPublicKeyAsync, signAsync } from '@noble/ed25519';
import { SenseiError } from '@sensei/domain';
import { type CertificateSigner, keyIdOf } from '@sensei/kora';

export const SIGNING_KEY_ENV = 'SENSEI_SIGNING_KEY';
export const SIGNING_KEY_FILE_ENV = 'SENSEI_SIGNING_KEY_FILE';
export const signingKeyFileIn = (dataDir: string): string =>
  resolve(dataDir, 'keys', 'kora-ed25519.key');

export interface KeyFileSignerOptions {
  /** The key file unless SENSEI_SIGNING_KEY_FILE names another; absent: a key for this process only. */
  defaultKeyFile?: string;
  env?: NodeJS.ProcessEnv;
  /** Told once when a key is generated: the operator should know a new identity exists. */
  log?: (line: string) => void;
}

export interface KeyFileSigner extends CertificateSigner {
  /** Where the key came from, for logs: never the key itself. */
  readonly keySource: string;
}

const seedFrom = (text: string, source: string, fix: string): Uint8Array => {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return new Uint8Array(Buffer.from(trimmed, 'hex'));
  const found = /^[0-9a-fA-F]*$/.test(trimmed)
    ? `${trimmed.length} hex characters`
    : 'characters that are not hex';
  throw new SenseiError(
    'SIGNING.KEY_INVALID',
    `${source} is not an Ed25519 signing key: expected 64 hex characters (a 32-byte seed), found ${found}; ${fix}`,
    { source },
  );
};

/** Written once, atomically: a temp file (0600) linked to the final name, which never exists half-written. */
const createKeyFile = async (path: string, seed: Uint8Array): Promise<boolean> => {
  // Only the key's own folder is made private; its parents (a data directory) keep the umask.
  await mkdir(dirname(dirname(path)), { recursive: true });
  await mkdir(dirname(path), { mode: 0o700 }).catch((error: { code?: unknown }) => {
    if (error.code !== 'EEXIST') throw error;
  });
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(`${Buffer.from(seed).toString('hex')}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    // Another process (the API beside a CLI run) created it first: use theirs.
    if ((error as { code?: unknown }).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
};

const readKeyFile = async (path: string): Promise<string | undefined> => {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') return undefined;
    throw new SenseiError(
      'SIGNING.KEY_INVALID',
      `cannot read the signing key file ${path} (${String(code)}); fix its permissions or set ${SIGNING_KEY_FILE_ENV} to another file`,
      { path },
    );
  }
};

const seedOf = async (
  options: KeyFileSignerOptions,
): Promise<{ seed: Uint8Array; source: string }> => {
  const env = options.env ?? process.env;
  const fromEnv = env[SIGNING_KEY_ENV];
  if (fromEnv) {
    const fix = 'generate one with `openssl rand -hex 32`';
    return { seed: seedFrom(fromEnv, SIGNING_KEY_ENV, fix), source: SIGNING_KEY_ENV };
  }
  const file = env[SIGNING_KEY_FILE_ENV] || options.defaultKeyFile;
  if (!file) {
    options.log?.('signing certificates with a key that lives in memory only (no data directory)');
    return { seed: randomBytes(32), source: 'an in-memory key' };
  }
  const path = resolve(file);
  const named = env[SIGNING_KEY_FILE_ENV] ? ` (${SIGNING_KEY_FILE_ENV})` : '';
  const label = `signing key file ${path}${named}`;
  const fix = `replace it with the key it held, or move it away to have a new key generated (certificates already issued keep verifying with the key they embed)`;
  const text = await readKeyFile(path);
  if (text !== undefined) return { seed: seedFrom(text, label, fix), source: path };
  const seed = randomBytes(32);
  if (await createKeyFile(path, seed)) {
    options.log?.(
      `generated a new Ed25519 signing key in ${path} (keep it safe: it signs certificates)`,
    );
    return { seed, source: path };
  }
  const winner = (await readKeyFile(path)) ?? '';
  return { seed: seedFrom(winner, label, fix), source: path };
};

/**
 * The certificate signer of one installation: SENSEI_SIGNING_KEY (hex seed), else the key file
 * (SENSEI_SIGNING_KEY_FILE, else `defaultKeyFile`), generated on first use.
 */
export const openKeyFileSigner = async (
  options: KeyFileSignerOptions = {},
): Promise<KeyFileSigner> => {
  const { seed, source } = await seedOf(options);
  const publicKey = await getPublicKeyAsync(seed);
  return {
    keyId: keyIdOf(publicKey),
    publicKey,
    keySource: source,
    sign: (message) => signAsync(message, seed),
  };
};

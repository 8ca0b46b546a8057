import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadConfig } from './command-api.config';

describe('loadConfig', () => {
  it('runs with no settings at all: PGlite in ./.sensei/data on 127.0.0.1:3000, dev mode', () => {
    expect(loadConfig({})).toEqual({
      eventStore: 'pglite',
      dataDir: './.sensei/data',
      port: 3000,
      host: '127.0.0.1',
      auth: { devMode: true },
      logLevel: 'info',
      agents: 'inline',
      artifactDir: './.sensei/artifacts',
      signingKeyFile: '.sensei/keys/kora-ed25519.key',
      subscriptions: {
        webhooks: 'inline',
        heartbeatMs: 15_000,
        webhookMaxAttempts: 8,
        webhookBackoffMs: 1000,
        webhookBackoffCapMs: 300_000,
        webhookTimeoutMs: 10_000,
      },
    });
  });

  it('delivers webhooks from the API process unless told SENSEI_WEBHOOKS=off', () => {
    const subscriptions = loadConfig({
      SENSEI_WEBHOOKS: 'off',
      SENSEI_WEBHOOK_MAX_ATTEMPTS: '3',
      SENSEI_WEBHOOK_BACKOFF_MS: '50',
    }).subscriptions;
    expect(subscriptions).toMatchObject({
      webhooks: 'off',
      webhookMaxAttempts: 3,
      webhookBackoffMs: 50,
    });
    expect(() => loadConfig({ SENSEI_WEBHOOKS: 'later' })).toThrow(
      new ConfigError('SENSEI_WEBHOOKS=later is not supported; use one of: inline, off'),
    );
    expect(() => loadConfig({ SENSEI_WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow(
      new ConfigError('SENSEI_WEBHOOK_MAX_ATTEMPTS=0 is not a positive integer'),
    );
  });

  it('keeps the signing key beside the data directory, in memory for an in-memory database', () => {
    expect(loadConfig({ SENSEI_DATA_DIR: '/srv/sensei/pg' }).signingKeyFile).toBe(
      '/srv/sensei/keys/kora-ed25519.key',
    );
    expect(loadConfig({ SENSEI_DATA_DIR: 'memory://' }).signingKeyFile).toBeUndefined();
  });

  it('runs the agents in the API process unless told SENSEI_AGENTS=off', () => {
    expect(loadConfig({ SENSEI_AGENTS: 'off' }).agents).toBe('off');
    expect(() => loadConfig({ SENSEI_AGENTS: 'sometimes' })).toThrow(
      new ConfigError('SENSEI_AGENTS=sometimes is not supported; use one of: inline, off'),
    );
  });

  it('names the bad setting and the choices in one line', () => {
    expect(() => loadConfig({ SENSEI_EVENT_STORE: 'mongodb' })).toThrow(
      new ConfigError(
        'SENSEI_EVENT_STORE=mongodb is not supported; use one of: pglite, postgres, eventstoredb',
      ),
    );
    expect(() => loadConfig({ SENSEI_EVENT_STORE: 'postgres' })).toThrow(
      /DATABASE_URL is required/,
    );
    expect(() => loadConfig({ SENSEI_EVENT_STORE: 'eventstoredb' })).toThrow(
      /EVENTSTORE_CONNECTION_STRING/,
    );
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT=eighty/);
    expect(() => loadConfig({ SENSEI_JWT_SECRET: 'short' })).toThrow(/at least 32/);
    expect(() => loadConfig({ SENSEI_JWT_PUBLIC_KEY: 'nope' })).toThrow(/not a PEM/);
    expect(() => loadConfig({ SENSEI_LOG_LEVEL: 'loud' })).toThrow(/SENSEI_LOG_LEVEL/);
    expect(() => loadConfig({ SENSEI_VERIFY_MEMORY: 'lots' })).toThrow(
      new ConfigError(
        'SENSEI_VERIFY_MEMORY="lots" is not a memory size DuckDB takes (not a size): use e.g. 500MB or 2GB',
      ),
    );
    expect(() => loadConfig({ SENSEI_INGEST_CONCURRENCY: '0' })).toThrow(
      /SENSEI_INGEST_CONCURRENCY/,
    );
  });

  it('leaves dev mode when a secret or a public key is set', () => {
    const secret = 's'.repeat(32);
    expect(loadConfig({ SENSEI_JWT_SECRET: secret }).auth).toEqual({
      jwtSecret: secret,
      devMode: false,
    });
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const oneLine = pem.replace(/\n/g, '\\n');
    expect(loadConfig({ SENSEI_JWT_PUBLIC_KEY: oneLine }).auth).toEqual({
      jwtPublicKey: pem,
      devMode: false,
    });
  });
});

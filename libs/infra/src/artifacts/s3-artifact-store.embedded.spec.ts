import { createHash } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { artifactStoreContract } from '../../../../test/contract/artifact-store.contract';
import { artifactStoreFromEnv, openArtifactStoreFromUrl } from './open-artifact-store';
import { S3ArtifactStore } from './s3-artifact-store';

// s3rver: a real S3-compatible HTTP server (signature checks, XML API, files on disk), in-process.
const bucket = 'sensei';
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const keyOf = (prefix: string, hash: string) => `${prefix}sha256/${hash.slice(0, 2)}/${hash}`;

let server: S3rver;
let serverDirectory: string;
let endpoint: string;
let raw: S3Client;
let prefixes = 0;
const uploadsOf = new Map<string, number>();

beforeAll(async () => {
  serverDirectory = await mkdtemp(join(tmpdir(), 'sensei-s3rver-'));
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: serverDirectory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  (server as unknown as EventEmitter).on('event', (event: S3rverEvent) => {
    const record = event.Records[0];
    if (record?.eventName === 'ObjectCreated:Put') {
      uploadsOf.set(record.s3.object.key, (uploadsOf.get(record.s3.object.key) ?? 0) + 1);
    }
  });
  raw = new S3Client({ endpoint, region: 'us-east-1', credentials, forcePathStyle: true });
});

afterAll(async () => {
  raw.destroy();
  await server.close();
  await rm(serverDirectory, { recursive: true, force: true });
});

interface S3rverEvent {
  Records: { eventName: string; s3: { object: { key: string } } }[];
}

/** A store on its own prefix of the shared bucket, with its own scratch directory. */
const openStore = async () => {
  const prefix = `run-${++prefixes}/`;
  const scratchDirectory = await mkdtemp(join(tmpdir(), 'sensei-s3-scratch-'));
  const store = new S3ArtifactStore({ bucket, prefix, endpoint, credentials, scratchDirectory });
  const dispose = async () => {
    store.close();
    await rm(scratchDirectory, { recursive: true, force: true });
  };
  return { store, prefix, scratchDirectory, dispose };
};

artifactStoreContract('s3 (s3rver)', async () => {
  const { store, prefix, dispose } = await openStore();
  return {
    store,
    // Other bytes under the artifact's key, written through the S3 API behind the store's back.
    corrupt: async (hash) => {
      const Body = Buffer.from(`not the bytes of ${hash}`);
      await raw.send(new PutObjectCommand({ Bucket: bucket, Key: keyOf(prefix, hash), Body }));
    },
    dispose,
  };
});

describe('S3ArtifactStore on s3rver', () => {
  let opened: Awaited<ReturnType<typeof openStore>>;
  beforeEach(async () => {
    opened = await openStore();
  });
  afterEach(() => opened.dispose());

  it('keeps objects at <prefix>sha256/<two hex>/<hash> and never re-uploads an intact one', async () => {
    const { store, prefix } = opened;
    const bytes = Buffer.from('partition 0001 of table Invoice');
    const hash = sha256(bytes);
    await store.put(bytes);
    await store.put(bytes);
    await store.put(Buffer.from(bytes));
    const listing = await raw.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    expect(listing.Contents?.map((object) => object.Key)).toEqual([keyOf(prefix, hash)]);
    expect(uploadsOf.get(keyOf(prefix, hash))).toBe(1);
    expect(store.description).toBe(`s3://${bucket}/${prefix}`);
  });

  it('leaves no scratch files behind: spools, refused puts and released downloads', async () => {
    const { store, scratchDirectory } = opened;
    const stored = await store.put(Buffer.from('evidence'));
    await expect(
      store.put(Buffer.from('other'), { expectedHash: stored.hash }),
    ).rejects.toMatchObject({ code: 'ARTIFACT.HASH_MISMATCH' });
    const local = await store.localFile(stored.hash);
    expect(local.path.startsWith(scratchDirectory)).toBe(true);
    expect(await readdir(scratchDirectory)).toHaveLength(1);
    await local.release();
    expect(await readdir(scratchDirectory)).toEqual([]);
  });
});

describe('S3ArtifactStore when S3 cannot serve', () => {
  const failureOf = async (store: S3ArtifactStore) => {
    try {
      return await store.get(sha256(Buffer.from('anything'))).then(
        () => undefined,
        (e: unknown) => e,
      );
    } finally {
      store.close();
    }
  };

  it('names an unreachable endpoint and the setting to fix', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const unreachable = `http://127.0.0.1:${closedPort}`;
    const error = await failureOf(
      new S3ArtifactStore({ bucket, endpoint: unreachable, credentials }),
    );
    expect(error).toMatchObject({ code: 'ARTIFACT.UNAVAILABLE' });
    expect((error as Error).message).toContain(unreachable);
    expect((error as Error).message).toContain('check SENSEI_S3_ENDPOINT');
  });

  it('names a missing bucket', async () => {
    const error = await failureOf(
      new S3ArtifactStore({ bucket: 'no-such-bucket', endpoint, credentials }),
    );
    expect(error).toMatchObject({ code: 'ARTIFACT.UNAVAILABLE' });
    expect((error as Error).message).toContain('bucket "no-such-bucket" does not exist');
  });

  it('names missing credentials', async () => {
    const saved = { ...process.env };
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE']) {
      delete process.env[name];
    }
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(serverDirectory, 'no-credentials');
    process.env.AWS_CONFIG_FILE = join(serverDirectory, 'no-config');
    try {
      const error = await failureOf(new S3ArtifactStore({ bucket, endpoint }));
      expect(error).toMatchObject({ code: 'ARTIFACT.UNAVAILABLE' });
      expect((error as Error).message).toContain('set AWS_ACCESS_KEY_ID');
    } finally {
      process.env = saved;
    }
  });

  it('names refused credentials without printing them', async () => {
    const wrong = { accessKeyId: 'WRONGKEY', secretAccessKey: 'wrong-secret-value' };
    const error = await failureOf(new S3ArtifactStore({ bucket, endpoint, credentials: wrong }));
    expect(error).toMatchObject({ code: 'ARTIFACT.UNAVAILABLE' });
    expect((error as Error).message).toContain('AWS_ACCESS_KEY_ID');
    expect((error as Error).message).not.toContain('wrong-secret-value');
  });
});

describe('artifact stores opened from settings', () => {
  const env = () => ({
    SENSEI_S3_ENDPOINT: endpoint,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  });

  it('reaches the same objects through SENSEI_ARTIFACT_STORE=s3 and an s3:// URL', async () => {
    const fromUrl = openArtifactStoreFromUrl(`s3://${bucket}/evidence/run-7`, env());
    const fromEnv = artifactStoreFromEnv(
      {
        ...env(),
        SENSEI_ARTIFACT_STORE: 's3',
        SENSEI_S3_BUCKET: bucket,
        SENSEI_S3_PREFIX: 'evidence/run-7/',
      },
      { directory: '/nonexistent' },
    ) as S3ArtifactStore;
    try {
      const stored = await fromUrl.put(Buffer.from('certificate evidence'));
      expect(fromUrl.description).toBe(`s3://${bucket}/evidence/run-7/`);
      expect((await fromEnv.get(stored.hash)).toString()).toBe('certificate evidence');
      expect(uploadsOf.get(keyOf('evidence/run-7/', stored.hash))).toBe(1);
    } finally {
      (fromUrl as S3ArtifactStore).close();
      fromEnv.close();
    }
  });
});

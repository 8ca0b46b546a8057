import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { LocalDirectoryArtifactStore, S3ArtifactStore } from '@sensei/infra';
import S3rver from 's3rver';
import { type CliRun, sensei } from '../../../test/support/sensei-cli';
import {
  evidenceFiles,
  fixtureSigner,
  writeSignedBundle,
} from '../../../test/support/signed-certificate';

/** Flips the lowest bit of one byte, the smallest change there is. */
const flipByte = (file: string, offset: number) => {
  const bytes = readFileSync(file);
  bytes[offset] = (bytes[offset] ?? 0) ^ 0x01;
  writeFileSync(file, bytes);
};
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
/** The bytes of the fixture checkpoint's partitions: source Invoice, then transformed invoice. */
const partitionTexts = ['source partition', 'output partition'];
const lines = (text: string) => text.split('\n').filter((line) => line !== '');
/** Exactly one line on stderr, nothing on stdout. */
const expectRefused = (run: CliRun, code: number, cause: string | RegExp) => {
  expect({ code: run.code, stdout: run.stdout, stderr: lines(run.stderr) }).toEqual({
    code,
    stdout: '',
    stderr: [typeof cause === 'string' ? `sensei: ${cause}` : expect.stringMatching(cause)],
  });
};

describe('sensei verify: a certificate checked offline, any changed byte named', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'sensei-cli-verify-'));
  const noDataDir = join(workDir, 'no-data-dir');
  let caseNumber = 0;
  const bundle = (status: 'PASSED' | 'FAILED' = 'PASSED') =>
    writeSignedBundle(join(workDir, `bundle-${++caseNumber}`), status);
  const verify = (...args: string[]) => sensei(noDataDir, 'verify', ...args);
  /** A bundle with `partitions/<hash>` beside the certificate, as `--with-partitions` exports. */
  const bundleWithPartitions = async () => {
    const signed = await bundle();
    const partitionsDir = join(dirname(signed.certificateFile), 'partitions');
    mkdirSync(partitionsDir);
    for (const text of partitionTexts) writeFileSync(join(partitionsDir, sha256(text)), text);
    const { sourcePartitions, transformedPartitions } = signed.document.payload.checkpoint;
    return {
      ...signed,
      partitionsDir,
      source: sourcePartitions[0],
      transformed: transformedPartitions[0],
    };
  };

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('passes an intact certificate: exit 0, one line with id, migration, key and evidence count', async () => {
    const { certificateFile, evidenceDir, publicKeyFile, document } = await bundle();
    const run = await verify(
      certificateFile,
      '--evidence',
      evidenceDir,
      '--public-key',
      publicKeyFile,
    );
    expect({ code: run.code, stdout: lines(run.stdout), stderr: run.stderr }).toEqual({
      code: 0,
      stdout: [
        `VERIFIED certificate kora-1f2e3d4c5b6a7980 for migration 5e1f0000-0000-4000-8000-00000000c0de: PASSED, signature valid (key ${document.signature.keyId}, pinned), 2 evidence files intact`,
      ],
      stderr: '',
    });
  }, 60_000);

  it('without --public-key uses the embedded key and says it was not pinned; evidence defaults to the export layout', async () => {
    const { certificateFile } = await bundle();
    const run = await verify(certificateFile);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /not pinned: the key embedded in the certificate was used\), 2 evidence files intact\n$/,
    );
  }, 60_000);

  it('fails when one byte of the certificate changed, naming the certificate', async () => {
    const { certificateFile } = await bundle();
    flipByte(certificateFile, readFileSync(certificateFile, 'utf8').indexOf('412 rows on both'));
    expectRefused(
      await verify(certificateFile),
      1,
      new RegExp(
        `^sensei: NOT VERIFIED ${certificateFile}: certificate payload was changed after signing: it hashes to [0-9a-f]{64}, the signed payload to [0-9a-f]{64}$`,
      ),
    );
  }, 60_000);

  it('fails when one byte of the signature changed, naming the signature', async () => {
    const { certificateFile, document } = await bundle();
    const value = document.signature.value;
    const digit = value.search(/[0-9]/); // a digit flipped in its lowest bit is still hex
    flipByte(certificateFile, readFileSync(certificateFile, 'utf8').indexOf(value) + digit);
    expectRefused(
      await verify(certificateFile),
      1,
      `NOT VERIFIED ${certificateFile}: signature value was changed after signing: it does not verify over the intact payload with key ${document.signature.keyId}`,
    );
  }, 60_000);

  it('fails when one byte of an evidence file changed, naming the file and its hash', async () => {
    const { certificateFile, evidenceDir, document } = await bundle();
    const rowDiff = document.payload.evidence.find((reference) => reference.name === 'row-diff');
    flipByte(join(evidenceDir, rowDiff?.hash ?? ''), 0);
    expectRefused(
      await verify(certificateFile, '--evidence', evidenceDir),
      1,
      new RegExp(
        `^sensei: NOT VERIFIED .*: evidence row-diff \\(${rowDiff?.hash}\\) is corrupted: its bytes hash to [0-9a-f]{64}$`,
      ),
    );
  }, 60_000);

  it('fails when an evidence file is missing, naming where it looked', async () => {
    const { certificateFile, evidenceDir, document } = await bundle();
    const replay = document.payload.evidence[0];
    rmSync(join(evidenceDir, replay?.hash ?? ''));
    expectRefused(
      await verify(certificateFile, '--evidence', evidenceDir),
      1,
      `NOT VERIFIED ${certificateFile}: evidence ${replay?.name} (${replay?.hash}) is missing from directory ${evidenceDir}`,
    );
  }, 60_000);

  it('checks the partitions beside the certificate, or where --partitions says (an artifact store layout too)', async () => {
    const { certificateFile, document } = await bundleWithPartitions();
    const beside = await verify(certificateFile);
    expect({ code: beside.code, stdout: lines(beside.stdout), stderr: beside.stderr }).toEqual({
      code: 0,
      stdout: [
        `VERIFIED certificate kora-1f2e3d4c5b6a7980 for migration 5e1f0000-0000-4000-8000-00000000c0de: PASSED, signature valid (key ${document.signature.keyId}, not pinned: the key embedded in the certificate was used), 2 evidence files intact, 2 partitions intact`,
      ],
      stderr: '',
    });
    const storeDir = join(workDir, 'partition-store');
    const store = new LocalDirectoryArtifactStore(storeDir);
    for (const text of partitionTexts) await store.put(Buffer.from(text));
    const elsewhere = await verify(certificateFile, '--partitions', storeDir);
    expect(elsewhere.code).toBe(0);
    expect(elsewhere.stdout).toMatch(/2 evidence files intact, 2 partitions intact\n$/);
  }, 60_000);

  it('fails when one byte of a partition changed, naming its side, table and hash', async () => {
    const { certificateFile, partitionsDir, source } = await bundleWithPartitions();
    const file = join(partitionsDir, source?.hash ?? '');
    flipByte(file, 3);
    expectRefused(
      await verify(certificateFile),
      1,
      `NOT VERIFIED ${certificateFile}: source partition of Invoice (${source?.hash}) is corrupted: its bytes hash to ${sha256(readFileSync(file))}`,
    );
  }, 60_000);

  it('fails when a partition is missing, naming it and where it looked', async () => {
    const { certificateFile, partitionsDir, transformed } = await bundleWithPartitions();
    rmSync(join(partitionsDir, transformed?.hash ?? ''));
    expectRefused(
      await verify(certificateFile, '--partitions', partitionsDir),
      1,
      `NOT VERIFIED ${certificateFile}: transformed partition of invoice (${transformed?.hash}) is missing from directory ${partitionsDir}`,
    );
  }, 60_000);

  it('fails when the certificate was signed by another key than the pinned one, naming both', async () => {
    const { certificateFile, document } = await bundle();
    const other = await fixtureSigner(9);
    const otherKeyFile = join(workDir, 'other-key.hex');
    writeFileSync(otherKeyFile, Buffer.from(other.publicKey).toString('hex'));
    expectRefused(
      await verify(certificateFile, '--public-key', otherKeyFile),
      1,
      `NOT VERIFIED ${certificateFile}: signer key ${document.signature.keyId} is not the pinned public key ${other.keyId}`,
    );
  }, 60_000);

  it('says an authentic FAILED certificate is FAILED: exit 3, one line with the reasons', async () => {
    const { certificateFile } = await bundle('FAILED');
    const run = await verify(certificateFile);
    expect({ code: run.code, stdout: lines(run.stdout), stderr: run.stderr }).toEqual({
      code: 3,
      stdout: [
        expect.stringMatching(
          /^AUTHENTIC certificate kora-1f2e3d4c5b6a7980 for migration \S+: FAILED \(1 reason; first: invoice\.total: sum differs by 0\.5 \(tolerance 0\.0001\)\), signature valid/,
        ),
      ],
      stderr: '',
    });
  }, 60_000);

  it('reads evidence straight from an artifact store directory (sha256/<xx>/<hash>)', async () => {
    const { certificateFile } = await bundle();
    const storeDir = join(workDir, 'artifacts');
    const store = new LocalDirectoryArtifactStore(storeDir);
    for (const text of Object.values(evidenceFiles)) await store.put(Buffer.from(text));
    const run = await verify(certificateFile, '--evidence', storeDir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/2 evidence files intact/);
  }, 60_000);

  it('exits 2 on a usage mistake: no such certificate file, a public key file that is no key, --partitions that is no directory', async () => {
    expectRefused(
      await verify(join(workDir, 'missing.json')),
      2,
      `cannot read certificate ${join(workDir, 'missing.json')} (ENOENT)`,
    );
    const { certificateFile } = await bundle();
    const notAKey = join(workDir, 'not-a-key.txt');
    writeFileSync(notAKey, 'hello');
    expectRefused(
      await verify(certificateFile, '--public-key', notAKey),
      2,
      `--public-key ${notAKey} is not an Ed25519 public key: neither 64 hex characters nor PEM (give 64 hex characters or a PEM "PUBLIC KEY" file)`,
    );
    expectRefused(
      await verify(certificateFile, '--partitions', join(workDir, 'no-partitions')),
      2,
      `--partitions ${join(workDir, 'no-partitions')} is not a directory (or an s3:// URL)`,
    );
  }, 60_000);

  describe('with --evidence s3://bucket/prefix (an S3-compatible server, s3rver)', () => {
    const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    let server: S3rver;
    let endpoint: string;
    beforeAll(async () => {
      server = new S3rver({
        address: '127.0.0.1',
        port: 0,
        silent: true,
        directory: join(workDir, 's3rver'),
        configureBuckets: [{ name: 'evidence', configs: [] }],
      });
      endpoint = `http://127.0.0.1:${(await server.run()).port}`;
      // The spawned CLI inherits these: how it finds the server and signs its requests.
      Object.assign(process.env, {
        SENSEI_S3_ENDPOINT: endpoint,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      });
    });
    afterAll(async () => {
      for (const name of ['SENSEI_S3_ENDPOINT', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
        delete process.env[name];
      }
      await server.close();
    });

    it('reads evidence from the bucket, and names an object whose bytes were changed', async () => {
      const { certificateFile, document } = await bundle();
      const store = new S3ArtifactStore({
        bucket: 'evidence',
        prefix: 'kora',
        endpoint,
        credentials,
      });
      for (const text of Object.values(evidenceFiles)) await store.put(Buffer.from(text));
      const intact = await verify(certificateFile, '--evidence', 's3://evidence/kora');
      // (stderr may carry the AWS SDK's own Node version notice)
      expect(intact.code).toBe(0);
      expect(intact.stdout).toMatch(/2 evidence files intact\n$/);

      const replay = document.payload.evidence[0];
      const changed = Buffer.from(`${evidenceFiles['query-replay']} `);
      // Behind the store's back, as a bucket's bytes can change: the same key, other bytes.
      const client = new S3Client({
        endpoint,
        region: 'us-east-1',
        credentials,
        forcePathStyle: true,
      });
      await client.send(
        new PutObjectCommand({
          Bucket: 'evidence',
          Key: `kora/sha256/${replay?.hash.slice(0, 2)}/${replay?.hash}`,
          Body: changed,
        }),
      );
      const refused = await verify(certificateFile, '--evidence', 's3://evidence/kora');
      expect(refused.code).toBe(1);
      expect(lines(refused.stderr).filter((line) => line.startsWith('sensei: '))).toEqual([
        `sensei: NOT VERIFIED ${certificateFile}: evidence query-replay (${replay?.hash}) is corrupted: its bytes hash to ${sha256(changed)}`,
      ]);
      client.destroy();
      store.close();
    }, 60_000);
  });
});

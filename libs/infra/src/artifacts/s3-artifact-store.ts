import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { SenseiError } from '@sensei/domain';
import {
  artifactKey,
  artifactNotFound,
  assertIntact,
  chunksOf,
  scratchPath,
  writeHashed,
} from './artifact-bytes';
import {
  isArtifactHash,
  type ArtifactSource,
  type ArtifactStore,
  type LocalArtifactFile,
  type PutArtifactOptions,
  type StoredArtifact,
} from './artifact-store.port';
import { isS3NotFound, isS3PreconditionFailed, s3Failure, type S3Location } from './s3-failure';

export interface S3ArtifactStoreOptions {
  bucket: string;
  /** Key prefix inside the bucket (`team/sensei/`); a missing trailing slash is added. */
  prefix?: string;
  /** An S3-compatible server (`http://127.0.0.1:9000`); absent: AWS S3 itself. */
  endpoint?: string;
  region?: string;
  /** Absent: the standard AWS chain (environment, profile, instance role). */
  credentials?: S3ClientConfig['credentials'];
  /** Where `put` spools its input and `localFile` downloads; default the OS temp directory. */
  scratchDirectory?: string;
}

const normalPrefix = (prefix = '') => prefix.replace(/^\/+/, '').replace(/([^/])$/, '$1/');

/** The endpoint for messages: scheme, host and path, never user info. */
const printable = (endpoint: string) => {
  const url = new URL(endpoint);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/$/, '')}`;
};

/**
 * The production artifact store: `<prefix>sha256/<first two hex>/<hash>` in an S3 bucket, with
 * the local store's guarantees. `put` hashes while spooling to a scratch file, so the name is
 * known before anything is sent; an intact object is never rewritten (checked with HeadObject,
 * and `If-None-Match: *` where the server honours it); every read checks the bytes against
 * their name.
 */
export class S3ArtifactStore implements ArtifactStore {
  readonly description: string;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly scratch: string;
  private readonly where: S3Location;
  private bucketChecked: Promise<void> | undefined;

  constructor(options: S3ArtifactStoreOptions) {
    this.bucket = options.bucket;
    this.prefix = normalPrefix(options.prefix);
    this.scratch = options.scratchDirectory ?? tmpdir();
    this.description = `s3://${this.bucket}/${this.prefix}`;
    const region = options.region ?? 'us-east-1';
    const endpoint = options.endpoint;
    this.where = {
      description: this.description,
      bucket: this.bucket,
      endpoint: endpoint ? printable(endpoint) : `AWS S3 (${region})`,
    };
    this.client = new S3Client({
      region,
      credentials: options.credentials,
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
      // S3-compatible servers often lack the SDK's default CRC32 / aws-chunked uploads.
      ...(endpoint && {
        endpoint,
        forcePathStyle: true,
        requestChecksumCalculation: 'WHEN_REQUIRED' as const,
        responseChecksumValidation: 'WHEN_REQUIRED' as const,
      }),
    });
  }

  async put(source: ArtifactSource, options: PutArtifactOptions = {}): Promise<StoredArtifact> {
    const spooled = scratchPath(this.scratch, 'put');
    try {
      const stored = await writeHashed(chunksOf(source), spooled);
      if (options.expectedHash !== undefined && options.expectedHash !== stored.hash) {
        throw new SenseiError(
          'ARTIFACT.HASH_MISMATCH',
          `refused to store bytes hashing to ${stored.hash} under ${options.expectedHash}`,
          { expectedHash: options.expectedHash, actualHash: stored.hash },
        );
      }
      await this.publish(spooled, stored);
      return stored;
    } finally {
      await unlink(spooled).catch(() => undefined);
    }
  }

  async get(hash: string): Promise<Buffer> {
    const bytes = Buffer.from(await (await this.download(hash)).transformToByteArray());
    assertIntact(hash, createHash('sha256').update(bytes).digest('hex'), this.description);
    return bytes;
  }

  async has(hash: string): Promise<boolean> {
    return (await this.stat(hash)) !== undefined;
  }

  async stat(hash: string): Promise<StoredArtifact | undefined> {
    const key = this.keyOf(hash);
    await this.checkBucket();
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { hash, size: head.ContentLength ?? 0 };
    } catch (error) {
      if (isS3NotFound(error)) return undefined;
      throw s3Failure(error, this.where);
    }
  }

  async localFile(hash: string): Promise<LocalArtifactFile> {
    const body = await this.download(hash);
    const path = scratchPath(this.scratch, 'get');
    const release = () => unlink(path).catch(() => undefined);
    try {
      assertIntact(hash, (await writeHashed(body as Readable, path)).hash, this.description);
    } catch (error) {
      await release();
      throw s3Failure(error, this.where);
    }
    return { path, release };
  }

  async *list(): AsyncIterable<StoredArtifact> {
    await this.checkBucket();
    const pages = paginateListObjectsV2(
      { client: this.client },
      { Bucket: this.bucket, Prefix: `${this.prefix}sha256/` },
    );
    try {
      for await (const page of pages) {
        for (const { Key: key = '', Size: size = 0 } of page.Contents ?? []) {
          const hash = key.slice(key.lastIndexOf('/') + 1);
          if (isArtifactHash(hash) && key === this.keyOf(hash)) yield { hash, size };
        }
      }
    } catch (error) {
      throw s3Failure(error, this.where);
    }
  }

  /** Closes the client's connections (a store is otherwise used for the life of the process). */
  close(): void {
    this.client.destroy();
  }

  /** Uploads the verified spool file unless an intact object already has its name. */
  private async publish(spooled: string, stored: StoredArtifact): Promise<void> {
    const existing = await this.stat(stored.hash);
    if (existing && (await this.isIntact(stored.hash))) return;
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.keyOf(stored.hash),
          Body: createReadStream(spooled),
          ContentLength: stored.size,
          // Absent name: only create. A rotten object under the name is repaired by these bytes.
          IfNoneMatch: existing ? undefined : '*',
        }),
      );
    } catch (error) {
      if (isS3PreconditionFailed(error) && (await this.isIntact(stored.hash))) return;
      throw s3Failure(error, this.where);
    }
  }

  private async isIntact(hash: string): Promise<boolean> {
    const digest = createHash('sha256');
    try {
      for await (const chunk of (await this.download(hash)) as Readable)
        digest.update(chunk as Buffer);
    } catch (error) {
      if ((error as SenseiError).code === 'ARTIFACT.NOT_FOUND') return false;
      throw s3Failure(error, this.where);
    }
    return digest.digest('hex') === hash;
  }

  private async download(hash: string) {
    const key = this.keyOf(hash);
    await this.checkBucket();
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key }),
      );
      if (object.Body === undefined) throw artifactNotFound(hash, this.description);
      return object.Body;
    } catch (error) {
      if (isS3NotFound(error)) throw artifactNotFound(hash, this.description);
      throw s3Failure(error, this.where);
    }
  }

  /** One HeadBucket per store, so a missing bucket or a refused key reads as such, not as 404s. */
  private checkBucket(): Promise<void> {
    this.bucketChecked ??= this.client
      .send(new HeadBucketCommand({ Bucket: this.bucket }))
      .then(() => undefined)
      .catch((error: unknown) => {
        this.bucketChecked = undefined;
        throw s3Failure(error, this.where);
      });
    return this.bucketChecked;
  }

  private keyOf(hash: string): string {
    return `${this.prefix}${artifactKey(hash)}`;
  }
}

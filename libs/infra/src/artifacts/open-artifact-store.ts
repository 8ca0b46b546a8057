import { fileURLToPath } from 'node:url';
import { SenseiError } from '@sensei/domain';
import type { ArtifactStore } from './artifact-store.port';
import { LocalDirectoryArtifactStore } from './local-directory-artifact-store';
import { S3ArtifactStore, type S3ArtifactStoreOptions } from './s3-artifact-store';

export const artifactStoreKinds = ['local', 's3'] as const;

type S3Connection = Omit<S3ArtifactStoreOptions, 'bucket' | 'prefix'>;

const invalid = (message: string) => new SenseiError('VALIDATION.FAILED', message);

const checkedBucket = (bucket: string, setting: string): string => {
  if (/^[A-Za-z0-9._-]+$/.test(bucket)) return bucket;
  throw invalid(
    `${setting} must name an S3 bucket (letters, digits, ".", "-", "_"), got "${bucket}"`,
  );
};

const checkedEndpoint = (endpoint: string): string => {
  let protocol = '';
  try {
    protocol = new URL(endpoint).protocol;
  } catch {
    // reported below
  }
  if (protocol === 'http:' || protocol === 'https:') return endpoint;
  throw invalid(`SENSEI_S3_ENDPOINT=${endpoint} is not an http(s) URL`);
};

/**
 * Endpoint, region and credentials: SENSEI_S3_ENDPOINT (an S3-compatible server; absent: AWS),
 * SENSEI_S3_REGION (else AWS_REGION, else us-east-1), AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
 * from `env` when both are set, else the standard AWS credential chain.
 */
const s3ConnectionFrom = (env: NodeJS.ProcessEnv): S3Connection => ({
  endpoint: env.SENSEI_S3_ENDPOINT ? checkedEndpoint(env.SENSEI_S3_ENDPOINT) : undefined,
  region: env.SENSEI_S3_REGION || env.AWS_REGION || 'us-east-1',
  credentials:
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? {
          accessKeyId: env.AWS_ACCESS_KEY_ID,
          secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
          sessionToken: env.AWS_SESSION_TOKEN || undefined,
        }
      : undefined,
  scratchDirectory: env.SENSEI_S3_SCRATCH_DIR || undefined,
});

/**
 * The artifact store the settings ask for: SENSEI_ARTIFACT_STORE=local (default; the directory
 * is SENSEI_ARTIFACT_DIR, else `defaults.directory`) or s3 (SENSEI_S3_BUCKET, SENSEI_S3_PREFIX).
 * A bad setting is VALIDATION.FAILED naming the variable; nothing is contacted yet.
 */
export const artifactStoreFromEnv = (
  env: NodeJS.ProcessEnv,
  defaults: { directory: string },
): ArtifactStore => {
  const kind = env.SENSEI_ARTIFACT_STORE || 'local';
  if (kind === 'local') {
    return new LocalDirectoryArtifactStore(env.SENSEI_ARTIFACT_DIR || defaults.directory);
  }
  if (kind !== 's3') {
    throw invalid(
      `SENSEI_ARTIFACT_STORE=${kind} is not supported; use one of: ${artifactStoreKinds.join(', ')}`,
    );
  }
  if (!env.SENSEI_S3_BUCKET)
    throw invalid('SENSEI_S3_BUCKET is required when SENSEI_ARTIFACT_STORE=s3');
  return new S3ArtifactStore({
    ...s3ConnectionFrom(env),
    bucket: checkedBucket(env.SENSEI_S3_BUCKET, 'SENSEI_S3_BUCKET'),
    prefix: env.SENSEI_S3_PREFIX || undefined,
  });
};

/**
 * A store named on a command line: `s3://bucket/optional/prefix` (endpoint, region and
 * credentials from `env` as for SENSEI_ARTIFACT_STORE=s3), a `file://` URL or a directory path.
 */
export const openArtifactStoreFromUrl = (
  url: string,
  env: NodeJS.ProcessEnv = process.env,
): ArtifactStore => {
  const s3 = /^s3:\/\/([^/]*)\/?(.*)$/i.exec(url);
  if (s3) {
    return new S3ArtifactStore({
      ...s3ConnectionFrom(env),
      bucket: checkedBucket(s3[1] ?? '', url),
      prefix: s3[2],
    });
  }
  if (/^file:/i.test(url)) return new LocalDirectoryArtifactStore(fileURLToPath(url));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw invalid(`${url} is not an artifact store; use s3://bucket/prefix or a directory`);
  }
  return new LocalDirectoryArtifactStore(url);
};

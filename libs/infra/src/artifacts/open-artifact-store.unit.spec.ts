import { resolve } from 'node:path';
import { LocalDirectoryArtifactStore } from './local-directory-artifact-store';
import { artifactStoreFromEnv, openArtifactStoreFromUrl } from './open-artifact-store';
import { S3ArtifactStore } from './s3-artifact-store';

const defaults = { directory: '/var/sensei/artifacts' };

describe('artifactStoreFromEnv', () => {
  it('keeps artifacts in the local directory unless told otherwise', () => {
    const store = artifactStoreFromEnv({}, defaults);
    expect(store).toBeInstanceOf(LocalDirectoryArtifactStore);
    expect(store.description).toBe('local-directory:/var/sensei/artifacts');
    expect(artifactStoreFromEnv({ SENSEI_ARTIFACT_DIR: '/data/a' }, defaults).description).toBe(
      'local-directory:/data/a',
    );
  });

  it('opens the S3 bucket and prefix of SENSEI_ARTIFACT_STORE=s3', () => {
    const store = artifactStoreFromEnv(
      { SENSEI_ARTIFACT_STORE: 's3', SENSEI_S3_BUCKET: 'acme-sensei', SENSEI_S3_PREFIX: 'prod' },
      defaults,
    );
    expect(store).toBeInstanceOf(S3ArtifactStore);
    expect(store.description).toBe('s3://acme-sensei/prod/');
  });

  it('names the variable of a bad setting', () => {
    const attempt = (env: NodeJS.ProcessEnv) => () => artifactStoreFromEnv(env, defaults);
    expect(attempt({ SENSEI_ARTIFACT_STORE: 'gcs' })).toThrow(
      expect.objectContaining({
        code: 'VALIDATION.FAILED',
        message: 'SENSEI_ARTIFACT_STORE=gcs is not supported; use one of: local, s3',
      }),
    );
    expect(attempt({ SENSEI_ARTIFACT_STORE: 's3' })).toThrow(
      'SENSEI_S3_BUCKET is required when SENSEI_ARTIFACT_STORE=s3',
    );
    expect(
      attempt({
        SENSEI_ARTIFACT_STORE: 's3',
        SENSEI_S3_BUCKET: 'b',
        SENSEI_S3_ENDPOINT: 'minio:9000',
      }),
    ).toThrow('SENSEI_S3_ENDPOINT=minio:9000 is not an http(s) URL');
    expect(attempt({ SENSEI_ARTIFACT_STORE: 's3', SENSEI_S3_BUCKET: 'a/b' })).toThrow(
      /SENSEI_S3_BUCKET must name an S3 bucket/,
    );
  });
});

describe('openArtifactStoreFromUrl', () => {
  it('reads bucket and prefix from an s3:// URL', () => {
    expect(openArtifactStoreFromUrl('s3://evidence').description).toBe('s3://evidence/');
    expect(openArtifactStoreFromUrl('s3://evidence/').description).toBe('s3://evidence/');
    expect(openArtifactStoreFromUrl('s3://evidence/mig-42/run-1').description).toBe(
      's3://evidence/mig-42/run-1/',
    );
  });

  it('reads a directory from a path or a file:// URL', () => {
    expect(openArtifactStoreFromUrl('evidence/run-1').description).toBe(
      `local-directory:${resolve('evidence/run-1')}`,
    );
    expect(openArtifactStoreFromUrl('file:///tmp/evidence').description).toBe(
      'local-directory:/tmp/evidence',
    );
  });

  it('refuses a URL naming no bucket or another kind of store', () => {
    expect(() => openArtifactStoreFromUrl('s3:///prefix')).toThrow(
      expect.objectContaining({ code: 'VALIDATION.FAILED' }),
    );
    expect(() => openArtifactStoreFromUrl('gs://bucket/prefix')).toThrow(
      'gs://bucket/prefix is not an artifact store; use s3://bucket/prefix or a directory',
    );
  });
});

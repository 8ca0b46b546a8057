import type { Readable } from 'node:stream';

/** An artifact is named by the SHA-256 of its bytes (lower-case hex), so a name proves content. */
export interface StoredArtifact {
  hash: string;
  size: number;
}

/** What `put` accepts: bytes in memory, a local file (copied, never moved), or a byte stream. */
export type ArtifactSource = Uint8Array | { file: string } | Readable | AsyncIterable<Uint8Array>;

export interface PutArtifactOptions {
  /**
   * The hash the caller believes the bytes have. When the bytes hash differently the put is
   * refused (ARTIFACT.HASH_MISMATCH) and nothing is stored: an artifact can never be replaced
   * by other bytes under a name it already has.
   */
  expectedHash?: string;
}

/**
 * A local file holding an artifact's bytes, for engines that read files by path (DuckDB's
 * `read_parquet`). A remote store downloads to a scratch file and deletes it on `release`; the
 * local directory hands out its own file and `release` does nothing.
 */
export interface LocalArtifactFile {
  path: string;
  release(): Promise<void>;
}

/**
 * Content-addressed, write-once blob store (Parquet partitions, manifests, evidence). Every read
 * checks the bytes against their name: corruption surfaces as ARTIFACT.CORRUPTED, never as
 * silently wrong data.
 */
export interface ArtifactStore {
  /** Where the store lives, for logs; never contains a secret. */
  readonly description: string;
  /** Stores bytes (idempotent: storing the same bytes twice is a no-op) and names them. */
  put(source: ArtifactSource, options?: PutArtifactOptions): Promise<StoredArtifact>;
  /** The whole artifact in memory; ARTIFACT.NOT_FOUND or ARTIFACT.CORRUPTED otherwise. */
  get(hash: string): Promise<Buffer>;
  has(hash: string): Promise<boolean>;
  /** Size without reading the bytes; undefined when absent. */
  stat(hash: string): Promise<StoredArtifact | undefined>;
  /** A verified local file with the artifact's bytes; call `release` when done. */
  localFile(hash: string): Promise<LocalArtifactFile>;
  /** Every stored artifact, in no particular order. */
  list(): AsyncIterable<StoredArtifact>;
}

export const isArtifactHash = (value: string): boolean => /^[0-9a-f]{64}$/.test(value);

import { isSenseiError } from '@sensei/domain';
import type { Checkpoint, EvidenceReference } from './certificate-document';
import { sha256Hex } from './certificate-signer.port';

/** Where a verifier finds files by hash (evidence, partitions): an exported folder, a store. */
export interface EvidenceSource {
  /** For messages: `directory /tmp/bundle/evidence`, `s3://bucket/prefix`. */
  readonly description: string;
  /**
   * The bytes stored under `hash`, undefined when there are none. A store that checks hashes
   * itself may throw ARTIFACT.NOT_FOUND, or ARTIFACT.CORRUPTED with `details.actualHash`.
   */
  read(hash: string): Promise<Uint8Array | undefined>;
}

/** A file a certificate names by the SHA-256 of its bytes. */
export interface HashedFile {
  hash: string;
  /** How messages name it: `evidence row-diff`, `source partition of Invoice`. */
  label: string;
}

export interface HashedFilesCheck {
  /** Files found and hashing to their names, before the first problem. */
  intact: number;
  problem?: string;
}

/** The file's problem in one line, undefined when intact; an unreadable file is no crash. */
const problemWith = async (
  file: HashedFile,
  source: EvidenceSource,
): Promise<string | undefined> => {
  const what = `${file.label} (${file.hash})`;
  const missing = `${what} is missing from ${source.description}`;
  try {
    const bytes = await source.read(file.hash);
    if (bytes === undefined) return missing;
    const actual = sha256Hex(bytes);
    return actual === file.hash ? undefined : `${what} is corrupted: its bytes hash to ${actual}`;
  } catch (error) {
    if (isSenseiError(error) && error.code === 'ARTIFACT.NOT_FOUND') return missing;
    if (isSenseiError(error) && error.code === 'ARTIFACT.CORRUPTED') {
      return `${what} is corrupted: its bytes hash to ${String(error.details.actualHash)}`;
    }
    const cause = error instanceof Error ? error.message : String(error);
    return `${what} could not be read from ${source.description}: ${cause}`;
  }
};

/**
 * Reads each file and checks its bytes against its name, stopping at the first problem. One file
 * at a time: partitions can be large, and only one is ever held in memory.
 */
export const checkHashedFiles = async (
  files: readonly HashedFile[],
  source: EvidenceSource,
): Promise<HashedFilesCheck> => {
  let intact = 0;
  for (const file of files) {
    const problem = await problemWith(file, source);
    if (problem !== undefined) return { intact, problem };
    intact += 1;
  }
  return { intact };
};

const evidenceFilesOf = (references: readonly EvidenceReference[]): HashedFile[] =>
  references.map(({ name, hash }) => ({ hash, label: `evidence ${name}` }));

/** The checkpoint's data files: every source partition, then every transformed one. */
export const partitionFilesOf = (checkpoint: Checkpoint): HashedFile[] => [
  ...checkpoint.sourcePartitions.map(({ table, hash }) => ({
    hash,
    label: `source partition of ${table}`,
  })),
  ...checkpoint.transformedPartitions.map(({ table, hash }) => ({
    hash,
    label: `transformed partition of ${table}`,
  })),
];

/** Reads each evidence file the certificate lists and checks its bytes against its hash. */
export const checkEvidence = (
  references: readonly EvidenceReference[],
  source: EvidenceSource,
): Promise<HashedFilesCheck> => checkHashedFiles(evidenceFilesOf(references), source);

/** Reads each partition the checkpoint names and checks its bytes against its hash. */
export const checkPartitions = (
  checkpoint: Checkpoint,
  source: EvidenceSource,
): Promise<HashedFilesCheck> => checkHashedFiles(partitionFilesOf(checkpoint), source);

import { isSenseiError } from '@sensei/domain';
import type { EvidenceReference } from './certificate-document';
import { sha256Hex } from './certificate-signer.port';

/** Where a verifier finds evidence files by hash: an exported folder, an artifact store. */
export interface EvidenceSource {
  /** For messages: `directory /tmp/bundle/evidence`, `s3://bucket/prefix`. */
  readonly description: string;
  /**
   * The bytes stored under `hash`, undefined when there are none. A store that checks hashes
   * itself may throw ARTIFACT.NOT_FOUND, or ARTIFACT.CORRUPTED with `details.actualHash`.
   */
  read(hash: string): Promise<Uint8Array | undefined>;
}

export interface EvidenceCheck {
  /** Files found and hashing to their names, before the first problem. */
  intact: number;
  problem?: string;
}

const readOrProblem = async (
  reference: EvidenceReference,
  source: EvidenceSource,
): Promise<Uint8Array | string> => {
  const what = `evidence ${reference.name} (${reference.hash})`;
  const missing = `${what} is missing from ${source.description}`;
  try {
    return (await source.read(reference.hash)) ?? missing;
  } catch (error) {
    if (isSenseiError(error) && error.code === 'ARTIFACT.NOT_FOUND') return missing;
    if (isSenseiError(error) && error.code === 'ARTIFACT.CORRUPTED') {
      return `${what} is corrupted: its bytes hash to ${String(error.details.actualHash)}`;
    }
    const cause = error instanceof Error ? error.message : String(error);
    return `${what} could not be read from ${source.description}: ${cause}`;
  }
};

/** Reads each evidence file the certificate lists and checks its bytes against its hash. */
export const checkEvidence = async (
  references: readonly EvidenceReference[],
  source: EvidenceSource,
): Promise<EvidenceCheck> => {
  let intact = 0;
  for (const reference of references) {
    const bytes = await readOrProblem(reference, source);
    if (typeof bytes === 'string') return { intact, problem: bytes };
    const actual = sha256Hex(bytes);
    if (actual !== reference.hash) {
      return {
        intact,
        problem: `evidence ${reference.name} (${reference.hash}) is corrupted: its bytes hash to ${actual}`,
      };
    }
    intact += 1;
  }
  return { intact };
};

import type { ColumnProfile, DatabaseSchema, EncodingVerdict, PiiFinding } from '@sensei/domain';
import type { PartitionDescriptor } from '../pipeline-io/partition-descriptor';

/**
 * The Ingestion Manifest, stored as canonical JSON in the artifact store; its hash is the
 * `manifestHash` of IngestionCompleted. Everything later phases need from the source is here,
 * so they never read the source again.
 */
export interface IngestionManifestDocument {
  kind: 'sensei.ingestion-manifest';
  version: 1;
  /** `snapshot`: how the source was held consistent while it was read (absent in older runs). */
  source: { kind: string; uri: string; snapshot?: string };
  schema: DatabaseSchema;
  tables: IngestedTableDocument[];
}

export interface IngestedTableDocument {
  name: string;
  rowCount: number;
  sampledRows: number;
  profiles: ColumnProfile[];
  pii: PiiFinding[];
  /** Text columns whose encoding was not plain UTF-8, with the verdict applied. */
  encoding: Array<{ column: string; verdict: EncodingVerdict }>;
  partitions: PartitionDescriptor[];
}

/** The transformation output, stored the same way; its hash is `outputManifestHash`. */
export interface OutputManifestDocument {
  kind: 'sensei.output-manifest';
  version: 1;
  sqlHash: string;
  loadOrder: string[];
  tables: Array<{
    name: string;
    sourceTable: string;
    rowCount: number;
    partitions: PartitionDescriptor[];
  }>;
}

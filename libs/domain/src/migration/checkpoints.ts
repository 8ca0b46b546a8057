/** What each phase hands to the next: the payloads of the checkpoint events. */

export interface IngestedTable {
  /** Source table name as mappings refer to it, e.g. `public.customers`. */
  name: string;
  rowCount: number;
  partitionCount: number;
  /** Columns flagged as personal data by profiling. */
  piiColumns?: string[];
}

export interface IngestionManifest {
  /** Content hash over the Parquet partitions written to the blob store. */
  manifestHash: string;
  tables: IngestedTable[];
  rowCount: number;
}

/** source column -> function -> target column */
export interface LineageEdge {
  mappingId: string;
  /** `table.column` */
  source: string;
  /** SQL expression applied, or `identity`. */
  transform: string;
  /** `table.column` */
  target: string;
}

export interface TransformationOutput {
  /** Hash of the compiled, deterministic SQL. */
  sqlHash: string;
  outputManifestHash: string;
  rowCount?: number;
  lineage: LineageEdge[];
}

export interface DeliveryReceipt {
  /** The PASSED certificate this delivery was made under. */
  certificateId: string;
  rowsPerTable: Record<string, number>;
  checksum: string;
  elapsedMs: number;
  batchCount?: number;
  /**
   * True when every table was read back from the target after delivery and its row count and
   * digest equal those of the certified rows delivered. Absent on receipts made before the check.
   */
  verifiedInTarget?: boolean;
}

export const totalRows = (rowsPerTable: Record<string, number>): number =>
  Object.values(rowsPerTable).reduce((sum, rows) => sum + rows, 0);

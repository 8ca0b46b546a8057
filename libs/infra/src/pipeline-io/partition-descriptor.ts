/** One Parquet partition of a table, stored in the ArtifactStore under `hash`. */
export interface PartitionDescriptor {
  /** Table name as the catalog spells it (`public.customer`, `Customer`). */
  table: string;
  /** 0-based position of the partition in the table's row order. */
  index: number;
  rowCount: number;
  hash: string;
  size: number;
}

export const defaultRowsPerPartition = 100_000;

/** A source row: column name -> value, in the conventions `appendColumnValue` accepts. */
export type SourceRow = Record<string, unknown>;

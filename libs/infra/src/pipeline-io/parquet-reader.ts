import type { ArtifactStore } from '../artifacts/artifact-store.port';
import { openDuckDbSession, quoteDuckDbString } from './duckdb-session';
import type { PartitionDescriptor } from './partition-descriptor';

/**
 * Reads stored partitions back through DuckDB as rows of DuckDB text (`CAST(x AS VARCHAR)`,
 * NULL as null). For checks and tools; delivery streams batches itself.
 */
export const readPartitionsAsText = async (
  store: ArtifactStore,
  partitions: readonly PartitionDescriptor[],
  orderBy?: string,
): Promise<Record<string, string | null>[]> => {
  const session = await openDuckDbSession();
  const files = await Promise.all(partitions.map((partition) => store.localFile(partition.hash)));
  try {
    const list = files.map((file) => quoteDuckDbString(file.path)).join(', ');
    const source = `SELECT * FROM read_parquet([${list}])${orderBy ? ` ORDER BY ${orderBy}` : ''}`;
    const reader = await session.connection.runAndReadAll(
      `SELECT COLUMNS(*)::VARCHAR FROM (${source})`,
    );
    return reader.getRowObjectsJS() as Record<string, string | null>[];
  } finally {
    session.close();
    await Promise.all(files.map((file) => file.release()));
  }
};

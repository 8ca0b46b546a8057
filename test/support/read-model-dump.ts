import type { SqlExecutor } from '@sensei/infra';

/** Every view in schema `read`, by name. */
export const readViews = async (sql: SqlExecutor): Promise<string[]> =>
  (
    await sql.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.views WHERE table_schema = 'read' ORDER BY 1",
    )
  ).rows.map((row) => row.name);

/**
 * A dump of every read model: each view's rows as JSON text (the same on PostgreSQL and
 * PGlite), ordered by all columns, so two databases holding the same rows dump the same.
 */
export const dumpReadModels = async (sql: SqlExecutor): Promise<Record<string, string[]>> => {
  const dump: Record<string, string[]> = {};
  for (const view of await readViews(sql)) {
    const { rows } = await sql.query<{ row: string }>(
      `SELECT to_jsonb(t)::text AS row FROM read.${view} t ORDER BY t`,
    );
    dump[view] = rows.map((row) => row.row);
  }
  return dump;
};

/** Schemas holding builds' tables (read_<name>_v<version>[_<build>]). */
export const buildSchemas = async (sql: SqlExecutor): Promise<string[]> =>
  (
    await sql.query<{ name: string }>(
      "SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'read\\_%' ORDER BY 1",
    )
  ).rows.map((row) => row.name);

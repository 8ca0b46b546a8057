import type { SqlClient, SqlExecutor } from '../sql/sql-client';
import { projectionBuild, type Projection, type ProjectionBuild } from './projection';
import { readSchema, statusTable, type BuildState } from './read-catalog';

export interface BuildRecord extends ProjectionBuild {
  state: BuildState;
  position: number;
}

interface BuildRow {
  checkpoint: string;
  name: string;
  version: number;
  build: number;
  schema_name: string;
  views: string[];
  state: BuildState;
  position: string | number;
}

const toRecord = (row: BuildRow): BuildRecord => ({
  ...projectionBuild(row.name, row.version, row.build),
  state: row.state,
  position: Number(row.position),
});

/** Serialises build bookkeeping of one projection across processes. */
const lockBuilds = (tx: SqlExecutor, name: string) =>
  tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sensei-read-builds:${name}`]);

const activeBuilds = async (tx: SqlExecutor, name: string): Promise<BuildRow[]> =>
  (
    await tx.query<BuildRow>(
      `SELECT * FROM ${statusTable} WHERE name = $1 AND state <> 'retired' ORDER BY version, build`,
      [name],
    )
  ).rows;

/** Creates a fresh schema and tables for a new build, and its status row (state building). */
const createBuild = async (tx: SqlExecutor, projection: Projection): Promise<BuildRecord> => {
  const { rows } = await tx.query<{ last: number | null }>(
    `SELECT max(build) AS last FROM ${statusTable} WHERE name = $1 AND version = $2`,
    [projection.name, projection.version],
  );
  const build = projectionBuild(projection.name, projection.version, (rows[0]?.last ?? 0) + 1);
  await tx.query(`DROP SCHEMA IF EXISTS ${build.schema} CASCADE`);
  await tx.query(`CREATE SCHEMA ${build.schema}`);
  for (const statement of projection.tables(build.schema)) await tx.query(statement);
  await tx.query(
    `INSERT INTO ${statusTable} (checkpoint, name, version, build, schema_name, views, state)
     VALUES ($1, $2, $3, $4, $5, $6, 'building')`,
    [
      build.checkpoint,
      build.name,
      build.version,
      build.build,
      build.schema,
      projection.views.map((view) => view.name),
    ],
  );
  return { ...build, state: 'building', position: 0 };
};

/**
 * The builds of this code version to run: the live one, and any build under way. Without a live
 * build of this version, one is started (from position 0) and switched live once caught up,
 * while an older version keeps serving. A newer live version means this process is outdated: it
 * runs nothing rather than fight the newer one.
 */
export const ensureBuilds = (sql: SqlClient, projection: Projection): Promise<BuildRecord[]> =>
  sql.transaction(async (tx) => {
    await lockBuilds(tx, projection.name);
    const builds = await activeBuilds(tx, projection.name);
    const live = builds.find((row) => row.state === 'live');
    if (live && live.version > projection.version) return [];
    const ours = builds.filter((row) => row.version === projection.version).map(toRecord);
    if (ours.length > 0) return ours;
    return [await createBuild(tx, projection)];
  });

/** A new build of the same version from position 0, or the rebuild already under way. */
export const startRebuild = (sql: SqlClient, projection: Projection): Promise<BuildRecord> =>
  sql.transaction(async (tx) => {
    await lockBuilds(tx, projection.name);
    const building = (await activeBuilds(tx, projection.name)).find(
      (row) => row.state === 'building' && row.version === projection.version,
    );
    return building ? toRecord(building) : createBuild(tx, projection);
  });

/**
 * Points the views in `read` at `build` and retires the live build, inside the caller's
 * transaction: a reader sees the old views or the new ones, never none (DDL is transactional).
 * Resolves to the schemas of the retired builds, to drop once this commits.
 */
export const switchLive = async (
  tx: SqlExecutor,
  projection: Projection,
  build: ProjectionBuild,
): Promise<string[]> => {
  const { rows } = await tx.query<BuildRow>(
    `SELECT * FROM ${statusTable} WHERE name = $1 AND state = 'live' FOR UPDATE`,
    [projection.name],
  );
  const names = new Set([
    ...rows.flatMap((row) => row.views),
    ...projection.views.map((v) => v.name),
  ]);
  for (const name of names) await tx.query(`DROP VIEW IF EXISTS ${readSchema}.${name}`);
  for (const view of projection.views) {
    await tx.query(`CREATE VIEW ${readSchema}.${view.name} AS ${view.select(build.schema)}`);
  }
  await tx.query(
    `UPDATE ${statusTable} SET state = 'retired', updated_at = now() WHERE name = $1 AND state = 'live'`,
    [projection.name],
  );
  await tx.query(
    `UPDATE ${statusTable} SET state = 'live', switched_at = now() WHERE checkpoint = $1`,
    [build.checkpoint],
  );
  return rows.map((row) => row.schema_name);
};

/** Drops a retired build's tables; waits for readers and writers still holding them. */
export const dropBuildSchema = async (sql: SqlClient, schema: string): Promise<void> => {
  await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
};

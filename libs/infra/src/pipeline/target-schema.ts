import { type DatabaseSchema, type Migration, SenseiError } from '@sensei/domain';
import { discoverPostgresSchema } from '../connectors/postgres/postgres-catalog';
import { PGliteSqlClient } from '../sql/pglite-sql-client';
import type { PipelineContext } from './pipeline-context';
import type { TargetDatabase } from './target-database';

/**
 * The target schema the mappings aim at: a DDL file (`--target-schema`), read by running it in
 * a scratch in-memory PGlite, so PostgreSQL itself parses it; else the live target's catalog.
 */
export const targetSchemaOf = async (
  context: PipelineContext,
  migration: Migration,
  target: TargetDatabase,
): Promise<DatabaseSchema> => {
  const ddl = await targetSchemaDdl(context, migration);
  if (ddl === undefined) return target.discover();
  // Parsed by the target itself (fast, rolled back); a DDL that cannot run there (its tables
  // exist under explicit schema names, say) is parsed by a scratch PGlite instead.
  return target.parseDdl(ddl).catch(() => schemaOfDdl(ddl));
};

/** The DDL file recorded with the migration, if it names one. */
export const targetSchemaDdl = async (
  context: PipelineContext,
  migration: Migration,
): Promise<string | undefined> => {
  const hash = migration.config.targetSchemaArtifact;
  return hash === undefined ? undefined : (await context.artifacts.get(hash)).toString('utf8');
};

/**
 * Schemas of DDL texts parsed in this process. Starting a PGlite costs seconds of CPU and a few
 * hundred MB, and a run asks for the same DDL in several phases; the few distinct texts of a
 * process are kept (a failed parse is not).
 */
const parsedDdl = new Map<string, Promise<DatabaseSchema>>();
const maxParsedDdl = 8;

/** Parses DDL the only sure way: PostgreSQL (PGlite, in memory) runs it; its catalog is read. */
export const schemaOfDdl = async (ddl: string): Promise<DatabaseSchema> => {
  let parsed = parsedDdl.get(ddl);
  if (!parsed) {
    parsed = parseDdl(ddl);
    parsedDdl.set(ddl, parsed);
    parsed.catch(() => parsedDdl.delete(ddl));
    if (parsedDdl.size > maxParsedDdl) parsedDdl.delete(parsedDdl.keys().next().value as string);
  }
  // Callers get their own copy: nothing they change leaks into the next caller's schema.
  return structuredClone(await parsed);
};

const parseDdl = async (ddl: string): Promise<DatabaseSchema> => {
  const scratch = await PGliteSqlClient.open('memory://');
  try {
    await scratch.pglite.exec(ddl).catch((error: unknown) => {
      const cause = error instanceof Error ? error.message : String(error);
      throw new SenseiError(
        'VALIDATION.FAILED',
        `the target schema file is not valid PostgreSQL DDL: ${cause}`,
        { field: 'targetSchema' },
      );
    });
    return await discoverPostgresSchema(scratch);
  } finally {
    await scratch.close();
  }
};

/**
 * Creates the target schema from the DDL file when none of its tables exist in the target yet.
 * A target that already has them is used as it is; one with only some of them is refused.
 */
export const ensureTargetSchema = async (
  context: PipelineContext,
  migration: Migration,
  target: TargetDatabase,
  wanted: DatabaseSchema,
): Promise<void> => {
  const ddl = await targetSchemaDdl(context, migration);
  if (ddl === undefined) return;
  const present = new Set((await target.discover()).tables.map((table) => table.name));
  const missing = wanted.tables.filter((table) => !present.has(table.name)).map((t) => t.name);
  if (missing.length === 0) return;
  if (missing.length < wanted.tables.length) {
    throw new SenseiError(
      'VALIDATION.FAILED',
      `target ${target.description} has some tables of the target schema but lacks ${missing.join(', ')}: ` +
        'create them, or deliver to an empty target',
      { field: 'targetSchema', missing },
    );
  }
  await target.applyDdl(ddl);
};

import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { type DataStoreRef, type MigrationConfig, SenseiError } from '@sensei/domain';
import { type PipelineContext, runMigration, schemaOfDdl } from '@sensei/infra';
import { parse as parseYaml } from 'yaml';
import { openRuntime, pipelineContext, type CliSettings } from '../cli-runtime';
import { printOutcome } from '../outcome-summary';
import { sourceArgument, targetArgument } from '../store-refs';
import { terminalProgress } from '../terminal-progress';

export interface MigrateOptions {
  source: string;
  target: string;
  targetSchema?: string;
  config?: string;
  id?: string;
}

const readText = (path: string, what: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const cause = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new SenseiError('VALIDATION.FAILED', `cannot read ${what} ${path} (${cause})`, {
      field: what,
    });
  }
};

const configFrom = (path: string | undefined): MigrationConfig => {
  if (path === undefined) return {};
  let parsed: unknown;
  try {
    parsed = parseYaml(readText(path, '--config'));
  } catch (error) {
    if (error instanceof SenseiError) throw error;
    throw new SenseiError(
      'VALIDATION.FAILED',
      `--config ${path} is not valid YAML: ${String(error)}`,
    );
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SenseiError('VALIDATION.FAILED', `--config ${path} must hold a mapping of settings`);
  }
  assertConfigShape(path, parsed);
  return parsed;
};

const positiveIntegers = ['sampleSize', 'batchSize', 'rowsPerPartition'];
const stringLists = ['tables', 'postDeliveryQueries'];
const knownKeys = [
  ...positiveIntegers,
  ...stringLists,
  'reviewThreshold',
  'tolerances',
  'verification',
  'pii',
];

/** Wrong settings fail before anything is recorded, naming the setting. */
const assertConfigShape = (path: string, parsed: object): void => {
  const config = parsed as Record<string, unknown>;
  const fail = (key: string, problem: string) => {
    throw new SenseiError('VALIDATION.FAILED', `--config ${path}: ${key} ${problem}`, {
      field: key,
    });
  };
  for (const key of Object.keys(config)) {
    if (!knownKeys.includes(key)) fail(key, `is not a setting (known: ${knownKeys.join(', ')})`);
  }
  for (const key of positiveIntegers) {
    const value = config[key];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) > 0)) {
      fail(key, 'must be a positive integer');
    }
  }
  for (const key of stringLists) {
    const value = config[key];
    if (
      value !== undefined &&
      !(Array.isArray(value) && value.every((v) => typeof v === 'string'))
    ) {
      fail(key, 'must be a list of strings');
    }
  }
};

/**
 * Bad input changes nothing: the stores are opened (and closed) and the DDL is parsed before
 * the migration is recorded, so an unreachable source or a broken schema file leaves no
 * migration behind.
 */
const checkBeforeRecording = async (
  context: PipelineContext,
  stores: { source: DataStoreRef; target: DataStoreRef },
  ddl: string | undefined,
): Promise<void> => {
  await (await context.openSource(stores.source)).close();
  const target = await context.openTarget(stores.target);
  try {
    // The target parses it in a rolled-back transaction; a scratch PGlite names the error.
    if (ddl !== undefined) await target.parseDdl(ddl).catch(() => schemaOfDdl(ddl));
  } finally {
    await target.close();
  }
};

/** `sensei migrate`: records the request, then drives every phase to the end or to a human. */
export const migrate = async (options: MigrateOptions, settings: CliSettings): Promise<number> => {
  const source = sourceArgument(options.source);
  const target = targetArgument(options.target);
  const config = configFrom(options.config);
  const ddl = options.targetSchema ? readText(options.targetSchema, '--target-schema') : undefined;
  const runtime = await openRuntime(settings);
  try {
    const passwords = new Map([
      [source.ref.uri, source.password],
      [target.ref.uri, target.password],
    ]);
    const context = await pipelineContext(runtime, terminalProgress(), passwords);
    await checkBeforeRecording(context, { source: source.ref, target: target.ref }, ddl);
    if (ddl !== undefined) {
      config.targetSchemaArtifact = (await runtime.artifacts.put(Buffer.from(ddl, 'utf8'))).hash;
    }
    const migrationId = options.id ?? randomUUID();
    await runtime.commands.handle({
      type: 'RequestMigration',
      data: { migrationId, source: source.ref, target: target.ref, config },
      metadata: {
        eventId: randomUUID(),
        correlationId: context.correlationId,
        causationId: context.correlationId,
        actor: runtime.actor,
        timestamp: new Date().toISOString(),
      },
    });
    process.stderr.write(`migration ${migrationId}: ${options.source} -> ${options.target}\n`);
    return printOutcome(await runMigration(context, migrationId));
  } finally {
    await runtime.close();
  }
};

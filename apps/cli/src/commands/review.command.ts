import { randomUUID } from 'node:crypto';
import { type MigrationCommand, SenseiError } from '@sensei/domain';
import { commandMetadata, openRuntime, type CliRuntime, type CliSettings } from '../cli-runtime';

const out = (text: string) => process.stdout.write(`${text}\n`);

const withRuntime = async <T>(settings: CliSettings, work: (runtime: CliRuntime) => Promise<T>) => {
  const runtime = await openRuntime(settings);
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
};

/** `sensei review list <id>`: the mappings waiting for a human, lowest confidence first. */
export const reviewList = (migrationId: string, all: boolean, settings: CliSettings) =>
  withRuntime(settings, async (runtime) => {
    const { state } = await runtime.commands.load(migrationId);
    if (state.status === 'empty') {
      throw new SenseiError('MIGRATION.NOT_FOUND', `migration ${migrationId} does not exist`);
    }
    const mappings = [...state.mappings.values()]
      .filter((m) => all || m.status === 'in_review')
      .sort((a, b) => a.confidence - b.confidence);
    if (mappings.length === 0) out(all ? 'no mappings' : 'no mapping waits for review');
    for (const m of mappings) {
      out(
        `${m.mappingId}\n  ${m.sourceTable}.${m.sourceColumn} -> ${m.targetTable}.${m.targetColumn}` +
          `  confidence ${m.confidence.toFixed(3)}  ${m.status}\n  ${m.rationale}`,
      );
    }
    return 0;
  });

/** `sensei review approve|reject <id> <mappingId>`: a decision recorded with the reviewer as actor. */
export const reviewDecision = (
  decision: 'approve' | 'reject',
  migrationId: string,
  mappingId: string,
  reason: string | undefined,
  settings: CliSettings,
) =>
  withRuntime(settings, async (runtime) => {
    const command: MigrationCommand =
      decision === 'approve'
        ? {
            type: 'ApproveMapping',
            data: { migrationId, mappingId, note: reason },
            metadata: commandMetadata(runtime),
          }
        : {
            type: 'RejectMapping',
            data: { migrationId, mappingId, reason: reason ?? 'rejected by reviewer' },
            metadata: commandMetadata(runtime),
          };
    const result = await runtime.commands.handle(command);
    out(`${mappingId}: ${result.events.join(', ') || 'no change'}`);
    return 0;
  });

export interface EditOptions {
  sourceTable?: string;
  sourceColumn?: string;
  targetTable?: string;
  targetColumn?: string;
  /** A DuckDB expression over the source column; `identity` resets it. */
  expression?: string;
  rationale?: string;
}

/**
 * `sensei review edit <id> <mappingId>`: the reviewer's correction. The old mapping is superseded
 * by a new one that the reviewer proposes and approves in the same decision.
 */
export const reviewEdit = (
  migrationId: string,
  mappingId: string,
  options: EditOptions,
  settings: CliSettings,
) =>
  withRuntime(settings, async (runtime) => {
    const { expression, ...names } = options;
    const changes = {
      ...names,
      ...(expression === undefined
        ? {}
        : { expression: expression === 'identity' ? null : expression }),
    };
    if (Object.keys(changes).length === 0) {
      throw new SenseiError(
        'VALIDATION.FAILED',
        'review edit needs at least one change, e.g. --target-column',
      );
    }
    const newMappingId = `${mappingId}:edit-${randomUUID().slice(0, 8)}`;
    const result = await runtime.commands.handle({
      type: 'EditMapping',
      data: { migrationId, mappingId, newMappingId, changes },
      metadata: commandMetadata(runtime),
    });
    out(`${mappingId} -> ${newMappingId}: ${result.events.join(', ')}`);
    return 0;
  });

import { SenseiError } from '@sensei/domain';
import { runMigration } from '@sensei/infra';
import {
  commandMetadata,
  openRuntime,
  pipelineContext,
  type CliRuntime,
  type CliSettings,
} from '../cli-runtime';
import { printOutcome } from '../outcome-summary';
import { terminalProgress } from '../terminal-progress';

const existing = async (runtime: CliRuntime, migrationId: string) => {
  const { state } = await runtime.commands.load(migrationId);
  if (state.status === 'empty') {
    throw new SenseiError('MIGRATION.NOT_FOUND', `migration ${migrationId} does not exist`);
  }
  return state;
};

/**
 * `sensei resume <id>`: continues a migration from its last event, after a review or a crash.
 * A halted one is resumed first (an event with the reason): after a FAILED or INCONCLUSIVE
 * certificate that means a fresh verification, never delivery under the old certificate.
 * Passwords are not in the events: give them again with SENSEI_PASSWORD.
 */
export const resume = async (
  migrationId: string,
  reason: string | undefined,
  settings: CliSettings,
): Promise<number> => {
  const runtime = await openRuntime(settings);
  try {
    const migration = await existing(runtime, migrationId);
    if (migration.status === 'halted') {
      await runtime.commands.handle({
        type: 'ResumeMigration',
        data: { migrationId, reason: reason ?? 'resumed from the CLI' },
        metadata: commandMetadata(runtime),
      });
    }
    const context = await pipelineContext(runtime, terminalProgress(), new Map());
    return printOutcome(await runMigration(context, migrationId));
  } finally {
    await runtime.close();
  }
};

/** `sensei cancel <id> --reason`: ends a migration for good; nothing more is delivered. */
export const cancel = async (
  migrationId: string,
  reason: string,
  settings: CliSettings,
): Promise<number> => {
  const runtime = await openRuntime(settings);
  try {
    await existing(runtime, migrationId);
    const result = await runtime.commands.handle({
      type: 'CancelMigration',
      data: { migrationId, reason },
      metadata: commandMetadata(runtime),
    });
    process.stdout.write(`migration ${migrationId}: cancelled (${result.events.join(', ')})\n`);
    return 0;
  } finally {
    await runtime.close();
  }
};

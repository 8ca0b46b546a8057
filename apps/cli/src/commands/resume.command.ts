import { runMigration } from '@sensei/infra';
import { openRuntime, pipelineContext, type CliSettings } from '../cli-runtime';
import { printOutcome } from '../outcome-summary';
import { terminalProgress } from '../terminal-progress';

/**
 * `sensei resume <id>`: continues a migration from its last event, after a review, a halt that
 * was resumed, or a crash. Passwords are not in the events: give them again with SENSEI_PASSWORD.
 */
export const resume = async (migrationId: string, settings: CliSettings): Promise<number> => {
  const runtime = await openRuntime(settings);
  try {
    const context = await pipelineContext(runtime, terminalProgress(), new Map());
    return printOutcome(await runMigration(context, migrationId));
  } finally {
    await runtime.close();
  }
};

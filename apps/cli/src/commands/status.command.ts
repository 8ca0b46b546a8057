import { SenseiError } from '@sensei/domain';
import { openRuntime, type CliSettings } from '../cli-runtime';
import { printOutcome } from '../outcome-summary';

/** `sensei status <id>`: where the migration stands, from its events. */
export const status = async (migrationId: string, settings: CliSettings): Promise<number> => {
  const runtime = await openRuntime(settings);
  try {
    const { state } = await runtime.commands.load(migrationId);
    if (state.status === 'empty') {
      throw new SenseiError('MIGRATION.NOT_FOUND', `migration ${migrationId} does not exist`);
    }
    const pending = [...state.mappings.values()].filter((m) => m.status === 'in_review');
    if (state.status === 'completed')
      return printOutcome({ status: 'completed', migration: state });
    if (state.status === 'halted') {
      return printOutcome({ status: 'halted', migration: state, reason: state.halt?.reason ?? '' });
    }
    if (state.status === 'cancelled')
      return printOutcome({ status: 'cancelled', migration: state });
    const code = printOutcome({
      status: 'awaiting_review',
      migration: state,
      pendingMappingIds: pending.map((m) => m.mappingId),
    });
    return pending.length > 0 ? code : 0;
  } finally {
    await runtime.close();
  }
};

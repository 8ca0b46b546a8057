import {
  describeReplayPoint,
  type MigrationReplay,
  parseReplayPoint,
  replayMigration,
  replaySnapshot,
} from '@sensei/infra';
import type { CliSettings } from '../cli-runtime';
import { auditAction, out, withAuditTrail } from './audit-runtime';

const field = (name: string, value: string) => out(`  ${name.padEnd(12)} ${value}`);

const countsByStatus = (replay: MigrationReplay) => {
  const counts = new Map<string, number>();
  for (const { status } of replay.state.mappings.values()) {
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  return [...counts].map(([status, count]) => `${count} ${status}`).join(', ') || 'none yet';
};

const printReplay = (replay: MigrationReplay) => {
  const { state, lastEvent: last } = replay;
  const asOf = replay.point ? describeReplayPoint(replay.point) : 'now';
  out(`migration ${state.migrationId} as of ${asOf}: ${state.status} (phase ${replay.phase})`);
  field(
    'replayed',
    `${replay.eventsApplied} of ${replay.eventsTotal} events; last #${last.position} ${last.type} by ${last.actor} at ${last.time}`,
  );
  field('source', `${state.source.kind} ${state.source.uri}`);
  field('target', `${state.target.kind} ${state.target.uri}`);
  const ingestion = state.ingestion;
  field(
    'ingested',
    ingestion ? `${ingestion.rowCount} rows, ${ingestion.tables.length} tables` : 'not yet',
  );
  field('mappings', countsByStatus(replay));
  const output = state.transformation?.output;
  field(
    'transformed',
    output ? `${output.rowCount ?? '?'} rows, sql ${output.sqlHash.slice(0, 12)}` : 'not yet',
  );
  const certificate = state.certificate;
  field(
    'certificate',
    certificate
      ? `${certificate.status} ${certificate.certificateId}${certificate.summary ? ` (${certificate.summary})` : ''}`
      : 'none yet',
  );
  const receipt = state.delivery?.receipt;
  const rows = receipt ? Object.values(receipt.rowsPerTable).reduce((a, b) => a + b, 0) : 0;
  field(
    'receipt',
    receipt
      ? `${rows} rows in ${receipt.batchCount ?? '?'} batches, checksum ${receipt.checksum}`
      : 'none yet',
  );
  if (state.halt) field('halted', `while ${state.halt.haltedIn}: ${state.halt.reason}`);
};

/** `sensei audit replay <id> [--at <time|position>]`: the migration as it stood then. */
export const auditReplay = (
  migrationId: string,
  options: { at?: string; json?: boolean },
  settings: CliSettings,
) =>
  auditAction(async () => {
    // A bad --at is refused before any store is opened.
    const point = options.at === undefined ? undefined : parseReplayPoint(options.at);
    return withAuditTrail(settings, async ({ trail }) => {
      const [main] = await trail.streamsOf(migrationId);
      const events = await trail.events(main ? [main] : []);
      const replay = replayMigration(migrationId, events, point);
      if (options.json) out(JSON.stringify(replaySnapshot(replay), null, 2));
      else printReplay(replay);
      return 0;
    });
  });

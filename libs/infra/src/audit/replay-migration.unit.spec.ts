import {
  asRecordedEvents,
  auditHistory,
  auditMigrationId,
  auditStreamId,
  recordChain,
} from '../../../../test/support/audit-history';
import type { RecordedEvent } from '../event-store/event-store.port';
import { replayMigration, replaySnapshot } from './replay-migration';
import { parseReplayPoint } from './replay-point';

describe('audit replay: the migration as it stood at a position or a time', () => {
  let events: RecordedEvent[];
  beforeAll(async () => {
    // Another migration's events sit between these: this stream has the odd positions 1, 3, 5...
    const history = await auditHistory();
    events = asRecordedEvents(
      auditStreamId,
      recordChain(auditStreamId, history.events, (revision) => 2 * revision + 1),
    );
  });
  const replayAt = (at?: string) =>
    replayMigration(auditMigrationId, events, at === undefined ? undefined : parseReplayPoint(at));

  it('without --at: completed, with the PASSED certificate and the delivery receipt', () => {
    const replay = replayAt();
    expect(replay).toMatchObject({
      phase: 'done',
      eventsApplied: 19,
      eventsTotal: 19,
      lastEvent: { type: 'MigrationCompleted', position: 37 },
    });
    expect(replay.state.status).toBe('completed');
    expect(replay.state.certificate?.status).toBe('PASSED');
    expect(replay.state.delivery?.receipt?.rowsPerTable).toEqual({ invoice: 412 });
  });

  it('at a position between two of its events: the earlier one is the last applied', () => {
    // Position 20 is another stream's; this migration's last event by then is revision 9 (19).
    const replay = replayAt('20');
    expect(replay.lastEvent).toMatchObject({ type: 'TransformationCompleted', position: 19 });
    expect(replay.state.status).toBe('transformed');
    expect(replay.phase).toBe('verification');
    expect(replay.state.certificate).toBeUndefined();
  });

  it('right after the FAILED certificate: halted in verification, with the reason', () => {
    const replay = replayAt('25');
    expect(replay.state).toMatchObject({
      status: 'halted',
      halt: { reason: 'Certificate kora-failed-1 is FAILED', haltedIn: 'verifying' },
      certificate: { certificateId: 'kora-failed-1', status: 'FAILED' },
    });
    expect(replay.phase).toBe('verification');
  });

  it('at a time: every event decided by then, none after', () => {
    const replay = replayAt('2025-03-01T10:07:30Z');
    expect(replay.lastEvent).toMatchObject({
      type: 'MappingRejected',
      time: '2025-03-01T10:07:00.000Z',
    });
    expect(replay.state.status).toBe('ingested');
    expect(replay.phase).toBe('transformation');
    // The same instant written with another zone is the same point.
    expect(replayAt('2025-03-01T11:07:30+01:00').eventsApplied).toBe(8);
  });

  it('the snapshot groups mappings by status and is plain JSON', () => {
    const snapshot = replaySnapshot(replayAt('2025-03-01T10:07:30Z'));
    expect(snapshot).toMatchObject({
      asOf: '2025-03-01T10:07:30.000Z',
      status: 'ingested',
      mappingsByStatus: { approved: ['map-total'], rejected: ['map-note'] },
    });
    expect(JSON.parse(JSON.stringify(snapshot)).state.mappings).toHaveLength(2);
  });

  it('refuses a point before the migration existed, naming its first event', () => {
    expect(() => replayAt('2025-03-01T09:00:00Z')).toThrow(
      /migration 5e1f0000-0000-4000-8000-00000000c0de did not exist yet at 2025-03-01T09:00:00.000Z: its first event is at position 1/,
    );
  });

  it('says an unknown migration does not exist', () => {
    expect(() => replayMigration('nope', [])).toThrow(
      expect.objectContaining({
        code: 'MIGRATION.NOT_FOUND',
        message: 'migration nope does not exist',
      }),
    );
  });

  it.each([
    ['0'],
    ['-3'],
    ['1.5'],
    ['yesterday'],
    ['2025-03-01'],
    ['2025-03-01T10:00:00'],
    ['2025-02-30T10:00:00Z'],
  ])('--at %s is refused as neither a position nor a zoned time', (at) => {
    expect(() => parseReplayPoint(at)).toThrow(
      expect.objectContaining({
        code: 'VALIDATION.FAILED',
        message: expect.stringMatching(/^--at .* is neither a position/),
      }),
    );
  });
});

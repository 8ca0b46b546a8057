import {
  asRecordedEvents,
  auditHistory,
  auditStreamId,
  recordChain,
} from '../../../../test/support/audit-history';
import type { RecordedEvent } from '../event-store/event-store.port';
import { type AuditEntry, auditEntryOf } from './audit-entry';

describe('audit log entries: who decided what, when, why', () => {
  let entries: AuditEntry[];
  beforeAll(async () => {
    const { events } = await auditHistory();
    const recorded = asRecordedEvents(auditStreamId, recordChain(auditStreamId, events));
    entries = recorded.map(auditEntryOf);
  });
  const entryOf = (type: string) => entries.find((e) => e.type === type);

  it('keeps position, revision, actor, time and the causal ids of every event', () => {
    expect(entries[7]).toEqual({
      position: 8,
      streamId: auditStreamId,
      revision: 7,
      eventId: 'event-7',
      type: 'MappingRejected',
      actor: 'user:rita',
      time: '2025-03-01T10:07:00.000Z',
      reason: 'free text, not a note column',
      correlationId: 'run-1',
      causationId: 'command-7',
      summary: 'user:rita rejected map-note',
    });
  });

  it.each([
    [
      'MigrationRequested',
      /^user:alice requested the migration of sqlite \/data\/chinook\.sqlite into pglite \/data\/target$/,
      undefined,
    ],
    [
      'MappingApproved',
      /^system:auto-approval approved map-total$/,
      'confidence 0.99 >= review threshold 0.92',
    ],
    [
      'MappingSentToReview',
      /^sent map-note to human review$/,
      'confidence 0.4 < review threshold 0.92',
    ],
    [
      'CertificateIssued',
      /^agent:validator issued certificate kora-failed-1: FAILED$/,
      'FAILED: invoice.total sum differs',
    ],
    [
      'MigrationHalted',
      /^agent:validator halted the migration while verifying$/,
      'Certificate kora-failed-1 is FAILED',
    ],
    [
      'MigrationResumed',
      /^user:alice resumed the migration to transformed$/,
      'source fixed upstream',
    ],
    [
      'DeliveryConfirmed',
      /^delivered 412 rows into 1 tables in 1 batches, checksum [0-9a-f]{12}$/,
      undefined,
    ],
    [
      'MigrationCompleted',
      /^completed: 412 rows under certificate kora-1f2e3d4c5b6a7980$/,
      undefined,
    ],
  ])('%s: summary and reason', (type, summary, reason) => {
    const entry = entryOf(type);
    expect(entry?.summary).toMatch(summary);
    expect(entry?.reason).toBe(reason);
  });

  it('lists an event type it does not know, with a reason it can find in the data', () => {
    const entry = auditEntryOf({
      id: 'x',
      streamId: 'review-notes',
      revision: 0,
      position: 99,
      type: 'ReviewNoteAdded',
      schemaVersion: 1,
      data: { note: 'checked with legal' },
      metadata: { correlationId: 'c', causationId: 'c', actor: 'user:lee', timestamp: 't' },
      hash: '',
      prevHash: '',
      recordedAt: 't',
    } satisfies RecordedEvent);
    expect(entry).toMatchObject({
      summary: 'ReviewNoteAdded',
      reason: 'checked with legal',
      actor: 'user:lee',
    });
  });

  it('does not fail on a known type whose data has an older shape', () => {
    const entry = auditEntryOf({
      ...({} as RecordedEvent),
      type: 'DeliveryConfirmed',
      data: { migrationId: 'm', reason: 'legacy' },
      metadata: { correlationId: 'c', causationId: 'c', actor: 'a', timestamp: 't' },
    });
    expect(entry).toMatchObject({ summary: 'DeliveryConfirmed', reason: 'legacy' });
  });
});

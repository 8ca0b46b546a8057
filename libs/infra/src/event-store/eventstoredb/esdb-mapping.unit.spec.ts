import {
  NO_STREAM,
  UnavailableError,
  WrongExpectedVersionError,
  type AllStreamRecordedEvent,
} from '@eventstore/db-client';
import { SenseiError } from '@sensei/domain';
import { VersionConflictError } from '../event-store.port';
import type { ValidatedEvent } from '../sql/append-validation';
import {
  fromEsdbEvent,
  isSystemEvent,
  satisfies,
  toEsdbEvent,
  toEsdbEventId,
  toStoreError,
} from './esdb-mapping';
import { describeConnection } from './eventstoredb-event-store';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const event: ValidatedEvent = {
  id: 'migration-42:started',
  type: 'MigrationStarted',
  schemaVersion: 2,
  data: { migrationId: 'migration-42', tables: ['orders'] },
  metadata: {
    correlationId: 'corr-1',
    causationId: 'cmd-1',
    actor: 'alice',
    timestamp: '2025-01-01T00:00:00.000Z',
  },
};

/** What the client hands back for an event it wrote with `toEsdbEvent`. */
const asRecorded = (
  written: ReturnType<typeof toEsdbEvent>,
  place: { streamId: string; revision: bigint; commit: bigint },
): AllStreamRecordedEvent => ({
  streamId: place.streamId,
  id: written.id,
  isJson: true,
  revision: place.revision,
  type: written.type,
  created: new Date('2025-01-01T00:00:01.000Z'),
  data: JSON.parse(JSON.stringify(written.data)),
  metadata: JSON.parse(JSON.stringify(written.metadata)),
  position: { commit: place.commit, prepare: place.commit },
});

describe('EventStoreDB mapping', () => {
  it('gives every non-UUID id one stable UUID, and keeps UUID ids as ESDB returns them', () => {
    const first = toEsdbEventId('migration-42:started');
    expect(first).toMatch(uuid);
    expect(toEsdbEventId('migration-42:started')).toBe(first);
    expect(toEsdbEventId('migration-42:finished')).not.toBe(first);
    expect(toEsdbEventId('0E984725-C51C-4BF4-9960-E1C80E27ABA0')).toBe(
      '0e984725-c51c-4bf4-9960-e1c80e27aba0',
    );
  });

  it('reads back what it wrote: caller id, schema version, metadata and hash chain', () => {
    const written = toEsdbEvent(event, { hash: 'h1', prevHash: '0'.repeat(64) });
    const read = fromEsdbEvent(
      asRecorded(written, { streamId: 'migration-42', revision: 3n, commit: 1_234_567n }),
    );
    expect(read).toEqual({
      id: 'migration-42:started',
      streamId: 'migration-42',
      revision: 3,
      position: 1_234_567,
      type: 'MigrationStarted',
      schemaVersion: 2,
      data: event.data,
      metadata: event.metadata,
      hash: 'h1',
      prevHash: '0'.repeat(64),
      recordedAt: '2025-01-01T00:00:01.000Z',
    });
    // ESDB's own correlation convention, which its $by_correlation_id projection reads.
    expect(written.metadata).toMatchObject({ $correlationId: 'corr-1', $causationId: 'cmd-1' });
  });

  it('reads an event written by another ESDB client, without a hash chain', () => {
    const read = fromEsdbEvent({
      streamId: 'orders-1',
      id: '0e984725-c51c-4bf4-9960-e1c80e27aba0',
      isJson: true,
      revision: 0n,
      type: 'OrderPlaced',
      created: new Date('2025-01-01T00:00:00.000Z'),
      data: { total: 5 },
      metadata: { source: 'legacy' },
      position: { commit: 10n, prepare: 10n },
    });
    expect(read).toMatchObject({ id: '0e984725-c51c-4bf4-9960-e1c80e27aba0', schemaVersion: 1 });
    expect(read.hash).toBe('');
  });

  it("treats ESDB's own $-prefixed events and streams as system events", () => {
    expect(isSystemEvent({ type: '$metadata', streamId: '$$orders-1' })).toBe(true);
    expect(isSystemEvent({ type: '$>', streamId: '$ce-orders' })).toBe(true);
    expect(isSystemEvent({ type: 'Something', streamId: '$stats-127.0.0.1:2113' })).toBe(true);
    expect(isSystemEvent({ type: 'OrderPlaced', streamId: 'orders-1' })).toBe(false);
  });

  it.each([
    ['any', -1, true],
    ['any', 4, true],
    ['no_stream', -1, true],
    ['no_stream', 0, false],
    ['stream_exists', -1, false],
    ['stream_exists', 0, true],
    [-1, -1, true],
    [-1, 0, false],
    [4, 4, true],
    [4, 5, false],
    [4, 3, false],
  ] as const)('expected %p against current revision %p: %p', (expected, current, ok) => {
    expect(satisfies(expected, current)).toBe(ok);
  });

  it('turns a wrong expected version into the port version conflict, keeping the caller expectation', () => {
    const error = toStoreError(
      new WrongExpectedVersionError(undefined, {
        streamName: 'migration-42',
        expected: 3n,
        current: NO_STREAM,
      }),
      { streamId: 'migration-42', target: 'esdb://localhost:2113', expected: 'stream_exists' },
    );
    expect(error).toBeInstanceOf(VersionConflictError);
    expect(error).toMatchObject({
      code: 'STREAM.VERSION_CONFLICT',
      details: { streamId: 'migration-42', expectedRevision: 'stream_exists', actualRevision: -1 },
    });
  });

  it('turns an unreachable server into EVENT_STORE.UNAVAILABLE with the cause and a fix', () => {
    const error = toStoreError(new UnavailableError(undefined, 'connect ECONNREFUSED'), {
      streamId: 'migration-42',
      target: 'esdb://localhost:2113?tls=false',
    });
    expect(error).toBeInstanceOf(SenseiError);
    expect(error).toMatchObject({ code: 'EVENT_STORE.UNAVAILABLE' });
    expect((error as SenseiError).message).toMatch(/ECONNREFUSED/);
    expect((error as SenseiError).message).toMatch(/EVENTSTORE_CONNECTION_STRING/);
  });

  it('never shows credentials from the connection string', () => {
    expect(describeConnection('esdb://admin:changeit@db.example:2113?tls=true')).toBe(
      'esdb://db.example:2113?tls=true',
    );
    expect(describeConnection('esdb://localhost:2113?tls=false')).toBe(
      'esdb://localhost:2113?tls=false',
    );
  });
});

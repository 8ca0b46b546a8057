import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { isSenseiError } from '../../libs/domain/src';
import { VersionConflictError } from '../../libs/infra/src/event-store/event-store.port';
import type { ContractSettings, EventStoreFixture } from './event-store.contract.types';
import { expectNumbered } from './positions';
import { newEvent, newEvents, uniqueStreamId } from './event-fixtures';

const codeOf = async (promise: Promise<unknown>): Promise<string | undefined> => {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return isSenseiError(error) ? error.code : `not a SenseiError: ${String(error)}`;
  }
};

export const appendContract = (
  fixture: () => EventStoreFixture,
  settings: ContractSettings,
): void => {
  it('appends events with contiguous revisions, ordered positions and caller metadata', async () => {
    const { store } = fixture();
    const stream = uniqueStreamId();
    const events = [newEvent({ type: 'A', schemaVersion: 3 }), newEvent({ type: 'B' })];

    const result = await store.append(stream, events, { expectedRevision: 'no_stream' });
    const other = await store.append(uniqueStreamId(), [newEvent()]);

    const stored = await store.readStream(stream);
    expect(stored.map((e) => [e.id, e.revision, e.type, e.schemaVersion])).toEqual([
      [events[0]!.id, 0, 'A', 3],
      [events[1]!.id, 1, 'B', 1],
    ]);
    expect(result).toEqual({ nextExpectedRevision: 1, position: stored[1]!.position });
    expect(other.nextExpectedRevision).toBe(0);
    expectNumbered([...stored.map((e) => e.position), other.position], settings.positions);
    expect(stored[0]!.data).toEqual(events[0]!.data);
    expect(stored[0]!.metadata).toEqual(events[0]!.metadata);
    expect(new Date(stored[0]!.recordedAt).toISOString()).toBe(stored[0]!.recordedAt);
  });

  it('chains each event hash to the previous one: sha256(prevHash + canonical JSON)', async () => {
    const { store } = fixture();
    const stream = uniqueStreamId();
    await store.append(stream, [newEvent({ data: { b: 1, a: [1, 'x'] } }), newEvent()]);
    await store.append(stream, [newEvent()]);

    let prevHash = '0'.repeat(64);
    for (const event of await store.readStream(stream)) {
      const { streamId, revision, id, type, schemaVersion, data, metadata } = event;
      const content = canonicalize({ streamId, revision, id, type, schemaVersion, data, metadata });
      const expected = createHash('sha256')
        .update(prevHash + content)
        .digest('hex');
      expect({ revision, prevHash: event.prevHash, hash: event.hash }).toEqual({
        revision,
        prevHash,
        hash: expected,
      });
      prevHash = event.hash;
    }
  });

  it.each([
    ['no_stream', 'an existing stream', 0],
    [-1, 'an existing stream', 0],
    ['stream_exists', 'a missing stream', -1],
    [0, 'a stream at revision 1', 1],
    [2, 'a stream at revision 1', 1],
  ] as const)(
    'rejects expected revision %p on %s with a typed conflict',
    async (expected, _, actual) => {
      const { store } = fixture();
      const stream = uniqueStreamId();
      if (actual >= 0) await store.append(stream, newEvents(actual + 1));

      const error = await store
        .append(stream, [newEvent()], { expectedRevision: expected })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(VersionConflictError);
      expect(error).toMatchObject({
        code: 'STREAM.VERSION_CONFLICT',
        details: { streamId: stream, expectedRevision: expected, actualRevision: actual },
      });
      expect(await store.readStream(stream)).toHaveLength(actual + 1);
    },
  );

  it('accepts the expected revision that matches, and any', async () => {
    const { store } = fixture();
    const stream = uniqueStreamId();
    await store.append(stream, [newEvent()], { expectedRevision: 'no_stream' });
    await store.append(stream, [newEvent()], { expectedRevision: 0 });
    await store.append(stream, [newEvent()], { expectedRevision: 'stream_exists' });
    const result = await store.append(stream, [newEvent()], { expectedRevision: 'any' });
    expect(result.nextExpectedRevision).toBe(3);
  });

  it('checks expected revisions against appends made through another store instance', async () => {
    const { store, openWriter } = fixture();
    const other = openWriter ? await openWriter() : store;
    const stream = uniqueStreamId();
    await store.append(stream, [newEvent()]);
    await other.append(stream, [newEvent()], { expectedRevision: 0 });

    const stale = store.append(stream, [newEvent()], { expectedRevision: 0 });

    await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
    await expect(
      store.append(stream, [newEvent()], { expectedRevision: 1 }),
    ).resolves.toMatchObject({ nextExpectedRevision: 2 });
    expect(await store.readStream(stream)).toHaveLength(3);
  });

  it('refuses no_stream for a stream another store instance created, whatever it cached', async () => {
    const { store, openWriter } = fixture();
    const other = openWriter ? await openWriter() : store;
    const created = uniqueStreamId();
    await other.append(created, [newEvent()], { expectedRevision: 'no_stream' });
    // This instance now knows the latest global position, but not the other's stream.
    await store.append(uniqueStreamId(), [newEvent()], { expectedRevision: 'no_stream' });

    const duplicate = store.append(created, [newEvent()], { expectedRevision: 'no_stream' });

    await expect(duplicate).rejects.toMatchObject({
      code: 'STREAM.VERSION_CONFLICT',
      details: { streamId: created, actualRevision: 0 },
    });
    expect(await store.readStream(created)).toHaveLength(1);
    expect(await store.verifyStream(created)).toMatchObject({ ok: true });
  });

  it('lets exactly one of many concurrent appends at the same expected revision win', async () => {
    const { store } = fixture();
    const stream = uniqueStreamId();
    await store.append(stream, [newEvent()]);

    const attempts = await Promise.allSettled(
      Array.from({ length: 12 }, () => store.append(stream, [newEvent()], { expectedRevision: 0 })),
    );

    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const conflicts = attempts.filter(
      (a) => a.status === 'rejected' && a.reason instanceof VersionConflictError,
    );
    expect(conflicts).toHaveLength(11);
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('rejects only the conflicting append among concurrent appends to other streams', async () => {
    const { store } = fixture();
    const taken = uniqueStreamId();
    await store.append(taken, [newEvent()]);
    const streams = Array.from({ length: 20 }, () => uniqueStreamId());

    const [conflict, ...others] = await Promise.allSettled([
      store.append(taken, [newEvent()], { expectedRevision: 'no_stream' }),
      ...streams.map((stream) =>
        store.append(stream, newEvents(2), { expectedRevision: 'no_stream' }),
      ),
    ]);

    expect(conflict?.status).toBe('rejected');
    expect(others.every((o) => o.status === 'fulfilled')).toBe(true);
    const all = await store.readAll();
    expect(all).toHaveLength(41);
    expectNumbered(
      all.map((e) => e.position),
      settings.positions,
    );
  });

  it.each([['correlationId'], ['causationId'], ['actor'], ['timestamp']])(
    'rejects an event without metadata.%s and stores nothing',
    async (field) => {
      const { store } = fixture();
      const stream = uniqueStreamId();
      const event = newEvent();
      delete (event.metadata as unknown as Record<string, unknown>)[field];

      expect(await codeOf(store.append(stream, [newEvent(), event]))).toBe('VALIDATION.FAILED');
      expect(await store.readStream(stream)).toEqual([]);
    },
  );
};

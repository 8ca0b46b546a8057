import type { ContractSettings, EventStoreFixture } from './event-store.contract.types';
import { newEvent, newEvents, uniqueStreamId } from './event-fixtures';

export const idempotencyContract = (
  fixture: () => EventStoreFixture,
  settings: ContractSettings,
): void => {
  it('stores a retried append once and returns the original result', async () => {
    const { store } = fixture();
    const stream = uniqueStreamId();
    const events = newEvents(3);
    const first = await store.append(stream, events, { expectedRevision: 'no_stream' });
    await store.append(stream, [newEvent()]);

    // The retry carries the original expected revision, which no longer holds: still a no-op.
    const retry = await store.append(stream, events, { expectedRevision: 'no_stream' });

    expect(retry).toEqual(first);
    expect(await store.readStream(stream)).toHaveLength(4);
    expect(await store.readAll()).toHaveLength(4);
  });

  it('recognises a retry sent through another store instance', async () => {
    const { store, openWriter } = fixture();
    const other = openWriter ? await openWriter() : store;
    const stream = uniqueStreamId();
    const events = newEvents(2);
    const first = await store.append(stream, events);
    await other.append(stream, [newEvent()]);

    expect(await other.append(stream, events)).toEqual(first);
    expect(await store.append(stream, events)).toEqual(first);
    expect(await store.readStream(stream)).toHaveLength(3);
  });

  it('stores concurrent duplicates of one append once; both get the same result', async () => {
    const { store } = fixture();
    const stream = uniqueStreamId();
    const events = newEvents(2);

    const [a, b] = await Promise.all([store.append(stream, events), store.append(stream, events)]);

    expect(a).toEqual(b);
    expect((await store.readStream(stream)).map((e) => e.id)).toEqual(events.map((e) => e.id));
  });

  it('refuses an append that reuses only some stored ids, and stores none of it', async () => {
    const { store } = fixture();
    const stream = uniqueStreamId();
    const [stored] = newEvents(1);
    await store.append(stream, [stored!]);

    const error = await store.append(stream, [stored!, newEvent()]).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'STREAM.IDEMPOTENCY_MISMATCH' });
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('refuses stored ids sent again in another order', async () => {
    const { store } = fixture();
    const stream = uniqueStreamId();
    const events = newEvents(2);
    await store.append(stream, events);

    const reordered = store.append(stream, [events[1]!, events[0]!]);

    await expect(reordered).rejects.toMatchObject({ code: 'STREAM.IDEMPOTENCY_MISMATCH' });
    expect(await store.readAll()).toHaveLength(2);
  });

  const acrossStreams = settings.eventIdsUniqueAcrossStreams ? it : it.skip;
  acrossStreams('refuses stored ids sent to another stream', async () => {
    const { store } = fixture();
    const events = newEvents(2);
    await store.append(uniqueStreamId(), events);

    const elsewhere = store.append(uniqueStreamId(), events);

    await expect(elsewhere).rejects.toMatchObject({ code: 'STREAM.IDEMPOTENCY_MISMATCH' });
    expect(await store.readAll()).toHaveLength(2);
  });
};

import type { Upcaster } from '../../libs/infra/src/event-store/event-store.port';
import type { ContractSettings, EventStoreFixture } from './event-store.contract.types';
import { newEvent, newEvents, uniqueStreamId } from './event-fixtures';

export const verificationContract = (
  fixture: () => EventStoreFixture,
  settings: ContractSettings,
): void => {
  it('verifies an untouched stream', async () => {
    const { store } = fixture();
    const stream = uniqueStreamId();
    await store.append(stream, newEvents(3));
    await store.append(stream, newEvents(2));
    const last = (await store.readStream(stream, { direction: 'backwards', maxCount: 1 }))[0]!;

    expect(await store.verifyStream(stream)).toEqual({
      ok: true,
      streamId: stream,
      eventCount: 5,
      lastHash: last.hash,
    });
  });

  const tamperIt = settings.tamper ? it : it.skip;

  tamperIt('detects an edited event: hash_mismatch at its revision', async () => {
    const { store, tamper } = fixture();
    const stream = uniqueStreamId();
    await store.append(stream, newEvents(5));

    await tamper!.editEventData(stream, 2, { index: 2, forged: true });

    expect(await store.verifyStream(stream)).toMatchObject({
      ok: false,
      reason: 'hash_mismatch',
      firstBadRevision: 2,
    });
  });

  tamperIt('detects a deleted event in the middle: missing_event at its revision', async () => {
    const { store, tamper } = fixture();
    const stream = uniqueStreamId();
    await store.append(stream, newEvents(5));

    await tamper!.deleteEvent(stream, 1);

    expect(await store.verifyStream(stream)).toMatchObject({
      ok: false,
      reason: 'missing_event',
      firstBadRevision: 1,
    });
  });

  tamperIt('detects a deleted last event: truncated at its revision', async () => {
    const { store, tamper } = fixture();
    const stream = uniqueStreamId();
    await store.append(stream, newEvents(5));

    await tamper!.deleteEvent(stream, 4);

    expect(await store.verifyStream(stream)).toMatchObject({
      ok: false,
      reason: 'truncated',
      firstBadRevision: 4,
    });
  });
};

const renamedV1: Upcaster = {
  type: 'PersonRegistered',
  fromVersion: 1,
  upcast: (data) => {
    const { name } = data as { name: string };
    const [first, last] = name.split(' ');
    return { firstName: first, lastName: last };
  },
};
const renamedV2: Upcaster = {
  type: 'PersonRegistered',
  fromVersion: 2,
  upcast: (data) => ({ ...(data as object), title: null }),
};

export const upcastingContract = (fixture: () => EventStoreFixture): void => {
  it('upcasts stored v1 events to the latest version on every read path', async () => {
    const { store, withUpcasters } = fixture();
    const stream = uniqueStreamId();
    await store.append(stream, [
      newEvent({ type: 'PersonRegistered', schemaVersion: 1, data: { name: 'Ada Lovelace' } }),
      newEvent({
        type: 'PersonRegistered',
        schemaVersion: 2,
        data: { firstName: 'Alan', lastName: 'Turing' },
      }),
      newEvent({ type: 'Other', schemaVersion: 1, data: { name: 'x y' } }),
    ]);

    const upcasting = await withUpcasters([renamedV2, renamedV1]);
    const expected = [
      { schemaVersion: 3, data: { firstName: 'Ada', lastName: 'Lovelace', title: null } },
      { schemaVersion: 3, data: { firstName: 'Alan', lastName: 'Turing', title: null } },
      { schemaVersion: 1, data: { name: 'x y' } },
    ];
    const shape = (events: { schemaVersion: number; data: unknown }[]) =>
      events.map(({ schemaVersion, data }) => ({ schemaVersion, data }));
    const delivered: { schemaVersion: number; data: unknown }[] = [];
    const subscription = upcasting.subscribeToAll((event) => void delivered.push(event));

    expect(shape(await upcasting.readStream(stream))).toEqual(expected);
    expect(shape(await upcasting.readAll())).toEqual(expected);
    expect(shape(await upcasting.readAll({ direction: 'backwards' }))).toEqual(
      [...expected].reverse(),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await subscription.stop();
    expect(shape(delivered)).toEqual(expected);
    // The hash covers the stored v1 content, so upcasting does not break verification.
    expect(await upcasting.verifyStream(stream)).toMatchObject({ ok: true, eventCount: 3 });
  });
};

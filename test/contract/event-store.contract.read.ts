import type {
  ReadAllOptions,
  RecordedEvent,
} from '../../libs/infra/src/event-store/event-store.port';
import type { ContractSettings, EventStoreFixture } from './event-store.contract.types';
import { expectNumbered } from './positions';
import { eventually, newEvent, newEvents, uniqueStreamId } from './event-fixtures';

const revisions = (events: RecordedEvent[]) => events.map((e) => e.revision);
const positions = (events: RecordedEvent[]) => events.map((e) => e.position);

export const readContract = (
  fixture: () => EventStoreFixture,
  settings: ContractSettings,
): void => {
  it('reads a stream forwards and backwards from a revision (inclusive), up to maxCount', async () => {
    const { store } = fixture();
    const stream = uniqueStreamId();
    await store.append(stream, newEvents(5));
    await store.append(uniqueStreamId(), newEvents(2));

    expect(revisions(await store.readStream(stream))).toEqual([0, 1, 2, 3, 4]);
    expect(revisions(await store.readStream(stream, { fromRevision: 2, maxCount: 2 }))).toEqual([
      2, 3,
    ]);
    expect(revisions(await store.readStream(stream, { direction: 'backwards' }))).toEqual([
      4, 3, 2, 1, 0,
    ]);
    expect(
      revisions(
        await store.readStream(stream, { direction: 'backwards', fromRevision: 2, maxCount: 2 }),
      ),
    ).toEqual([2, 1]);
    expect(await store.readStream(uniqueStreamId())).toEqual([]);
  });

  it('reads $all forwards and backwards from a position (exclusive), up to maxCount', async () => {
    const { store } = fixture();
    const [a, b] = [uniqueStreamId(), uniqueStreamId()];
    await store.append(a, newEvents(2));
    await store.append(b, newEvents(2));
    await store.append(a, newEvents(2));

    const all = await store.readAll();
    const p = positions(all);
    expectNumbered(p, settings.positions);
    expect(all.map((e) => e.streamId)).toEqual([a, a, b, b, a, a]);
    const after = (options: ReadAllOptions) => store.readAll(options).then(positions);
    expect(await after({ fromPosition: p[1], maxCount: 3 })).toEqual(p.slice(2, 5));
    expect(await after({ direction: 'backwards', maxCount: 2 })).toEqual([p[5], p[4]]);
    expect(await after({ direction: 'backwards', fromPosition: p[2] })).toEqual([p[1], p[0]]);
  });

  it('delivers $all to a subscriber from a position, then live, in order, until stopped', async () => {
    const { store } = fixture();
    const stream = uniqueStreamId();
    await store.append(stream, newEvents(3));
    const [first] = await store.readAll({ maxCount: 1 });
    const received: string[] = [];

    const subscription = store.subscribeToAll((event) => void received.push(event.id), {
      fromPosition: first!.position,
      batchSize: 2,
    });
    await eventually(() => received.length === 2, 5000, 'the stored events');
    await store.append(stream, newEvents(2));
    await eventually(() => received.length === 4, 5000, 'the live events');
    await subscription.stop();
    await store.append(stream, newEvents(1));
    await new Promise((resolve) => setTimeout(resolve, 300));

    const all = await store.readAll();
    expect(received).toEqual(all.slice(1, 5).map((e) => e.id));
  });

  it('stops a subscription whose handler fails and reports the error', async () => {
    const { store } = fixture();
    await store.append(uniqueStreamId(), newEvents(3));
    const [first, second] = await store.readAll();
    const received: string[] = [];
    const errors: unknown[] = [];
    const failure = new Error('projection bug');

    const subscription = store.subscribeToAll(
      (event) => {
        if (event.id === second!.id) throw failure;
        received.push(event.id);
      },
      { onError: (error) => errors.push(error) },
    );
    await eventually(() => errors.length === 1, 5000, 'the handler error');
    await store.append(uniqueStreamId(), [newEvent()]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await subscription.stop();

    expect(errors).toEqual([failure]);
    expect(received).toEqual([first!.id]);
  });

  it('answers ping', async () => {
    await expect(fixture().store.ping()).resolves.toBeUndefined();
  });
};

import type { EventStore } from '../../libs/infra/src/event-store/event-store.port';
import type { ContractSettings, EventStoreFixture } from './event-store.contract.types';
import { firstMisnumbered } from './positions';
import { eventually, newEvents } from './event-fixtures';

const writerCount = 16;

/**
 * The classic bug of naive SQL event stores: positions from a sequence are handed out at insert
 * time but become visible at commit time, so a reader polling `position > last` can see N+1
 * before N commits and skip N forever. 16 writers (separate connections where the engine has
 * them) race while a subscriber tails $all: it must get every event once, positions 1..N
 * (or, for engines numbering by log offset, strictly increasing).
 */
export const gaplessContract = (
  fixture: () => EventStoreFixture,
  settings: ContractSettings,
): void => {
  const seconds = settings.gaplessSeconds;
  it(
    `delivers every event once, in gapless order, to a subscriber tailing ${writerCount} writers for ${seconds} s`,
    async () => {
      const { store, openWriter } = fixture();
      const writers: EventStore[] = [];
      for (let i = 0; i < writerCount; i += 1)
        writers.push(openWriter ? await openWriter() : store);
      const received: { id: string; position: number }[] = [];
      const failures: unknown[] = [];
      const subscription = store.subscribeToAll(
        (e) => void received.push({ id: e.id, position: e.position }),
        {
          onError: (error) => failures.push(error),
        },
      );

      const appendedIds = new Set<string>();
      let lastAppended = 0;
      const deadline = Date.now() + seconds * 1000;
      await Promise.all(
        writers.map(async (writer, w) => {
          for (let n = 0; Date.now() < deadline; n += 1) {
            const events = newEvents(1 + (n % 3));
            const { position } = await writer.append(`gapless-${w}-${n % 4}`, events);
            lastAppended = Math.max(lastAppended, position);
            for (const event of events) appendedIds.add(event.id);
          }
        }),
      );
      // Caught up when it has them all, or has passed the last one (having skipped some).
      await eventually(
        () =>
          received.length >= appendedIds.size ||
          (received[received.length - 1]?.position ?? 0) >= lastAppended ||
          failures.length > 0,
        60_000,
        `the subscriber to receive ${appendedIds.size} events`,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      await subscription.stop();

      expect(failures).toEqual([]);
      expect(appendedIds.size).toBeGreaterThan(writerCount);
      // A skipped, repeated or reordered position: report where, not a 100,000-line diff.
      const positions = received.map((e) => e.position);
      const firstWrong = firstMisnumbered(positions, settings.positions);
      const around = positions.slice(Math.max(firstWrong - 2, 0), firstWrong + 3);
      expect(firstWrong === -1 ? 'well numbered' : { firstWrong, around }).toBe('well numbered');
      expect(received).toHaveLength(appendedIds.size);
      const receivedIds = new Set(received.map((e) => e.id));
      expect([...appendedIds].filter((id) => !receivedIds.has(id))).toEqual([]);
    },
    seconds * 1000 + 90_000,
  );
};

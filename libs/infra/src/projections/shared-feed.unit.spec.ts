import type { RecordedEvent } from '../event-store/event-store.port';
import type { EventFeed } from './event-feed';
import { SharedEventFeed } from './shared-feed';

/** A log of `size` events, counting the reads that reach it. */
const log = (size: number) => {
  const events = Array.from(
    { length: size },
    (_, i) => ({ id: `e${i + 1}`, position: i + 1 }) as RecordedEvent,
  );
  const reads: string[] = [];
  const feed: EventFeed = {
    description: 'test log',
    read: async (from, max) => {
      reads.push(`${from}+${max}`);
      return events.slice(from, from + max);
    },
    waitForEvents: async () => undefined,
    head: async () => ({ position: size, recordedAt: '2026-01-01T00:00:00.000Z' }),
    close: async () => undefined,
  };
  return { feed, reads };
};

const positions = (events: RecordedEvent[]) => events.map((event) => event.position);

describe('reads shared by the runners of one process', () => {
  it('answers a full batch the leader already read without reading again', async () => {
    const { feed, reads } = log(10);
    const shared = new SharedEventFeed(feed);
    expect(positions(await shared.read(0, 4))).toEqual([1, 2, 3, 4]);
    expect(positions(await shared.read(4, 4))).toEqual([5, 6, 7, 8]);
    expect(positions(await shared.read(2, 4))).toEqual([3, 4, 5, 6]);
    expect(reads).toEqual(['0+4', '4+4']);
  });

  it('asks the feed for a batch it holds only part of: the rest may exist by now', async () => {
    const { feed, reads } = log(10);
    const shared = new SharedEventFeed(feed);
    await shared.read(0, 4);
    expect(positions(await shared.read(2, 4))).toEqual([3, 4, 5, 6]);
    expect(positions(await shared.read(8, 4))).toEqual([9, 10]);
    expect(positions(await shared.read(8, 4))).toEqual([9, 10]);
    expect(reads).toEqual(['0+4', '2+4', '8+4', '8+4']);
  });

  it('makes one read of concurrent identical requests, and keeps only the most recent events', async () => {
    const { feed, reads } = log(100);
    const shared = new SharedEventFeed(feed, 10);
    const [a, b] = await Promise.all([shared.read(0, 5), shared.read(0, 5)]);
    expect(a).toBe(b);
    for (let from = 5; from < 40; from += 5) await shared.read(from, 5);
    reads.length = 0;
    await shared.read(0, 5);
    await shared.read(30, 5);
    expect(reads).toEqual(['0+5']);
  });
});

import { GroupCommitQueue, type Settled } from './group-commit-queue';

const deferred = () => {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
};

const echo = (requests: number[]): Settled<number>[] =>
  requests.map((n) => ({ ok: true, result: n * 10 }));

describe('GroupCommitQueue', () => {
  it('flushes requests submitted together as one batch', async () => {
    const batches: number[][] = [];
    const queue = new GroupCommitQueue<number, number>(async (requests) => {
      batches.push(requests);
      return echo(requests);
    });

    const results = await Promise.all(Array.from({ length: 64 }, (_, i) => queue.submit(i)));

    expect(batches.map((b) => b.length)).toEqual([64]);
    expect(results[5]).toBe(50);
  });

  it('gathers requests that arrive during a flush into the next batches, at most maxBatchSize each', async () => {
    const batches: number[][] = [];
    const gate = deferred();
    const queue = new GroupCommitQueue<number, number>(async (requests) => {
      batches.push(requests);
      await gate.promise;
      return echo(requests);
    }, 256);

    const first = queue.submit(0);
    await Promise.resolve();
    await Promise.resolve();
    const later = Array.from({ length: 300 }, (_, i) => queue.submit(i + 1));
    gate.release();
    await Promise.all([first, ...later]);

    expect(batches.map((b) => b.length)).toEqual([1, 256, 44]);
  });

  it('settles each request on its own, and fails only the batch whose flush throws', async () => {
    let flushes = 0;
    const queue = new GroupCommitQueue<number, number>(async (requests) => {
      flushes += 1;
      if (flushes === 1) throw new Error('connection lost');
      return requests.map((n) =>
        n === 3 ? { ok: false, error: new Error('conflict') } : { ok: true, result: n },
      );
    });

    const first = Promise.allSettled([queue.submit(1), queue.submit(2)]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const second = Promise.allSettled([queue.submit(3), queue.submit(4)]);

    expect((await first).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(
      (await second).map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
    ).toEqual(['conflict', 4]);
  });
});

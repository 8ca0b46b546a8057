import type { Readable } from 'node:stream';

/**
 * Reads an object-mode stream in batches without ever destroying it. Destroying a mysql2 query
 * stream mid-way leaves its connection paused for good; when the consumer stops early, the rest
 * of the result is drained instead so the connection (and its snapshot) stays usable.
 */
export async function* readableBatches(
  readable: Readable,
  batchRows: number,
): AsyncGenerator<unknown[]> {
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  readable.on('readable', signal);
  readable.once('end', () => ((ended = true), signal()));
  readable.once('error', (error) => ((failure = error), signal()));
  try {
    let batch: unknown[] = [];
    for (;;) {
      if (failure !== undefined)
        throw failure instanceof Error ? failure : new Error(JSON.stringify(failure));
      let row: unknown;
      while (batch.length < batchRows && (row = readable.read()) !== null) batch.push(row);
      if (batch.length === batchRows || (ended && batch.length > 0)) {
        yield batch;
        batch = [];
        continue;
      }
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    readable.off('readable', signal);
    if (!ended && failure === undefined) {
      await new Promise<void>((resolve) => {
        readable.once('end', resolve);
        readable.once('error', () => resolve());
        readable.resume();
      });
    }
  }
}

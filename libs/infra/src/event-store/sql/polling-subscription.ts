import { isSenseiError } from '@sensei/domain';
import type { RecordedEvent, Subscription } from '../event-store.port';
import type { AppendSignal } from './append-signal';

export interface PollingSubscriptionOptions {
  /** Events strictly after `position`, in position order, at most `maxCount`. */
  read(position: number, maxCount: number): Promise<RecordedEvent[]>;
  signal: AppendSignal;
  handler: (event: RecordedEvent) => Promise<void> | void;
  fromPosition: number;
  batchSize: number;
  /** Longest wait between reads when no wake-up arrives (another process, lost LISTEN). */
  pollIntervalMs: number;
  onError?: (error: unknown) => void;
}

const maxRetryDelayMs = 5000;

/**
 * Reads `$all` from the last delivered position; positions commit in order, so reading
 * `position > last` never skips one. Waits for a wake-up or the poll interval when caught up.
 * A handler error (or any error but an unavailable database, which is retried) stops it.
 */
export const startPollingSubscription = (options: PollingSubscriptionOptions): Subscription => {
  const abort = new AbortController();
  const stopped = () => abort.signal.aborted;

  const run = async () => {
    let position = options.fromPosition;
    let failures = 0;
    while (!stopped()) {
      const generation = options.signal.generation;
      let events: RecordedEvent[];
      try {
        events = await options.read(position, options.batchSize);
        failures = 0;
      } catch (error) {
        if (!isSenseiError(error) || error.code !== 'EVENT_STORE.UNAVAILABLE') throw error;
        failures += 1;
        const delay = Math.min(options.pollIntervalMs * 2 ** failures, maxRetryDelayMs);
        await options.signal.wait(generation, delay, abort.signal);
        continue;
      }
      for (const event of events) {
        if (stopped()) return;
        await options.handler(event);
        position = event.position;
      }
      if (events.length < options.batchSize) {
        await options.signal.wait(generation, options.pollIntervalMs, abort.signal);
      }
    }
  };

  const done = run().catch((error: unknown) => {
    abort.abort();
    try {
      options.onError?.(error);
    } catch {
      // An onError that throws must not turn into an unhandled rejection.
    }
  });
  return {
    stop: async () => {
      abort.abort();
      await done;
    },
  };
};

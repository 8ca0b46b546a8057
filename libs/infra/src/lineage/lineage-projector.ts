import { isSenseiError } from '@sensei/domain';
import type { EventFeed } from '../projections/event-feed';
import type { LineageGraph } from './lineage-graph.port';

export interface LineageProjectorOptions {
  /** Events per graph transaction (default 500). */
  batchSize?: number;
  /** How long a caught-up projector waits for new events before looking again (default 5000 ms). */
  idleWaitMs?: number;
  /** First retry delay after a failure; doubles per failure up to `maxRetryDelayMs` (default 250). */
  minRetryDelayMs?: number;
  /** Longest retry delay (default 30000 ms). */
  maxRetryDelayMs?: number;
  /** Called on every failed attempt (the projector keeps retrying). */
  onError?: (error: unknown) => void;
  /** Clock for status times (tests). */
  now?: () => Date;
}

export type LineageProjectorState = 'stopped' | 'catching_up' | 'live' | 'retrying';

export interface LineageProjectorError {
  /** SenseiError code (LINEAGE.UNAVAILABLE when the graph is down), or `ERROR`. */
  code: string;
  message: string;
  at: string;
  /** Failed attempts in a row. */
  attempts: number;
}

export interface LineageProjectorStatus {
  graph: string;
  feed: string;
  state: LineageProjectorState;
  /** The graph's checkpoint as last read or written; undefined before the graph first answered. */
  checkpoint: number | undefined;
  /** The feed's last position; undefined when the log is empty or the feed cannot answer. */
  headPosition: number | undefined;
  /** Events in the log that the graph has not applied yet. */
  lagEvents: number | undefined;
  /** Age of the oldest event not applied yet; 0 when caught up. */
  lagSeconds: number | undefined;
  /** The failure that made the projector retry; cleared by the next applied batch. */
  lastError: LineageProjectorError | undefined;
  lastAppliedAt: string | undefined;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * Keeps a lineage graph caught up with the event log. The log is the queue: while the graph is
 * down nothing is buffered or dropped; the projector backs off, then resumes from the graph's own
 * checkpoint (stored with the graph's writes), so every event is applied once. It runs on its own,
 * so a down graph never holds up the other projections.
 */
export class LineageProjector {
  private readonly batchSize: number;
  private readonly now: () => Date;
  private tailing: { abort: AbortController; done: Promise<void> } | undefined;
  private state: LineageProjectorState = 'stopped';
  private knownCheckpoint: number | undefined;
  private lastError: LineageProjectorError | undefined;
  private lastAppliedAt: string | undefined;

  constructor(
    private readonly graph: LineageGraph,
    private readonly feed: EventFeed,
    private readonly options: LineageProjectorOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.now = options.now ?? (() => new Date());
  }

  /** Applies everything in the log now; resolves to the graph's checkpoint. Throws on failure. */
  async runUntilCaughtUp(): Promise<number> {
    let checkpoint = await this.readCheckpoint();
    for (;;) {
      const next = await this.applyNextBatch(checkpoint);
      if (next === undefined) return checkpoint;
      checkpoint = next;
    }
  }

  /** Catches up, then follows the log until `stop()`, retrying with backoff through failures. */
  start(): void {
    if (this.tailing) return;
    const abort = new AbortController();
    this.state = 'catching_up';
    this.tailing = { abort, done: this.tail(abort.signal) };
  }

  /** Resolves once the batch in flight (if any) has finished and tailing ended. */
  async stop(): Promise<void> {
    const tailing = this.tailing;
    this.tailing = undefined;
    tailing?.abort.abort();
    await tailing?.done;
    this.state = 'stopped';
  }

  async status(): Promise<LineageProjectorStatus> {
    const head = await this.feed.head().catch(() => undefined);
    const checkpoint = this.knownCheckpoint;
    const lagEvents =
      checkpoint === undefined ? undefined : Math.max(0, (head?.position ?? 0) - checkpoint);
    return {
      graph: this.graph.description,
      feed: this.feed.description,
      state: this.state,
      checkpoint,
      headPosition: head?.position,
      lagEvents,
      lagSeconds: await this.lagSeconds(checkpoint, lagEvents),
      lastError: this.lastError,
      lastAppliedAt: this.lastAppliedAt,
    };
  }

  private async tail(stopped: AbortSignal): Promise<void> {
    let checkpoint: number | undefined;
    while (!stopped.aborted) {
      try {
        checkpoint ??= await this.readCheckpoint();
        const next = await this.applyNextBatch(checkpoint);
        if (next !== undefined) {
          checkpoint = next;
          continue;
        }
        this.state = 'live';
        await this.feed.waitForEvents(checkpoint, this.options.idleWaitMs ?? 5000, stopped);
      } catch (error) {
        if (stopped.aborted) break;
        // The graph may have committed a batch whose answer was lost: ask it again after the pause.
        checkpoint = undefined;
        this.recordFailure(error);
        await sleep(this.retryDelay(), stopped);
      }
    }
  }

  private async readCheckpoint(): Promise<number> {
    this.knownCheckpoint = await this.graph.checkpoint();
    return this.knownCheckpoint;
  }

  private async applyNextBatch(from: number): Promise<number | undefined> {
    const events = await this.feed.read(from, this.batchSize);
    if (events.length === 0) return undefined;
    const next = await this.graph.apply(events);
    this.knownCheckpoint = next;
    this.lastAppliedAt = this.now().toISOString();
    this.lastError = undefined;
    if (this.state === 'retrying' || this.state === 'live') this.state = 'catching_up';
    return next;
  }

  private recordFailure(error: unknown): void {
    this.state = 'retrying';
    this.lastError = {
      code: isSenseiError(error) ? error.code : 'ERROR',
      message: error instanceof Error ? error.message : String(error),
      at: this.now().toISOString(),
      attempts: (this.lastError?.attempts ?? 0) + 1,
    };
    this.options.onError?.(error);
  }

  private retryDelay(): number {
    const min = this.options.minRetryDelayMs ?? 250;
    const max = this.options.maxRetryDelayMs ?? 30_000;
    const attempts = this.lastError?.attempts ?? 1;
    return Math.min(max, min * 2 ** Math.min(attempts - 1, 20));
  }

  private async lagSeconds(
    checkpoint: number | undefined,
    lagEvents: number | undefined,
  ): Promise<number | undefined> {
    if (checkpoint === undefined || lagEvents === undefined) return undefined;
    if (lagEvents === 0) return 0;
    const [oldest] = await this.feed.read(checkpoint, 1).catch(() => []);
    if (!oldest) return undefined;
    const age = (this.now().getTime() - new Date(oldest.recordedAt).getTime()) / 1000;
    return Math.max(0, age);
  }
}

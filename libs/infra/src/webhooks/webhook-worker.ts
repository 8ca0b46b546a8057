import type { RecordedEvent } from '../event-store/event-store.port';
import { anySignal, sleep } from './abortable';
import { matchesFilter } from './event-filter';
import type { EventLogReader } from './event-log-reader';
import {
  type AttemptRecord,
  type AttemptResult,
  LeaseLostError,
  type WebhookDeliveryLedger,
} from './webhook-delivery-ledger';
import type { WebhookTarget } from './webhook-registry';
import { retryDelayMs, type WebhookRetryPolicy } from './webhook-retry-policy';
import type { DeliveryCursor } from './webhook-rows';
import { type FetchLike, sendWebhook } from './webhook-sender';

export interface WebhookWorkerOptions {
  reader: EventLogReader;
  ledger: WebhookDeliveryLedger;
  policy: WebhookRetryPolicy;
  fetch?: FetchLike;
  /** Events read per batch (default 256). */
  batchSize?: number;
  log(line: string): void;
}

const REDRIVE_BATCH = 16;

/**
 * Delivers to one webhook, strictly in position order: the next matching event is retried
 * (with backoff, the count kept across restarts) until delivered or dead-lettered, and only then
 * does the cursor move past it. Dead letters an operator re-drives are sent before new events.
 * Holds the webhook's lease while it runs; any error ends it and the dispatcher starts a new
 * one from the recorded cursor.
 */
export class WebhookWorker {
  private readonly stopping = new AbortController();
  private kick = new AbortController();
  private lastRenewal = Date.now();
  private done: Promise<void> = Promise.resolve();
  private running = false;

  constructor(
    private readonly target: WebhookTarget,
    private readonly options: WebhookWorkerOptions,
  ) {}

  get webhookId(): string {
    return this.target.webhook.webhookId;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Starts from a cursor whose lease this dispatcher holds. */
  start(cursor: DeliveryCursor): void {
    this.running = true;
    this.done = this.run(cursor)
      .catch((error: unknown) => {
        if (this.stopping.signal.aborted) return;
        const why = error instanceof Error ? error.message : String(error);
        this.options.log(
          error instanceof LeaseLostError
            ? `webhook ${this.webhookId}: another dispatcher took it over`
            : `webhook ${this.webhookId}: delivery stopped (${why}); it resumes from its cursor`,
        );
      })
      .finally(() => {
        this.running = false;
      });
  }

  /** Ends an idle wait now (a re-drive was requested). */
  wake(): void {
    this.kick.abort();
  }

  /** Ends after the current HTTP request is abandoned (never recorded), then frees the lease. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.done;
    await this.options.ledger.release(this.webhookId).catch(() => undefined);
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async run(cursor: DeliveryCursor): Promise<void> {
    const { reader } = this.options;
    const filter = this.target.webhook.filter;
    const batchSize = this.options.batchSize ?? 256;
    let position = cursor.position;
    let pending = cursor.pending;
    while (!this.stopped) {
      await this.redrive();
      const events = await reader.read(position, batchSize);
      let scanned = position;
      for (const event of events) {
        if (this.stopped) return;
        if (!matchesFilter(event, filter)) {
          scanned = event.position;
          continue;
        }
        if (scanned > position) position = await this.skip(position, scanned);
        const resumed = pending?.position === event.position ? pending : undefined;
        if (!(await this.deliver(event, position, resumed))) return;
        position = scanned = event.position;
        pending = undefined;
      }
      if (scanned > position) position = await this.skip(position, scanned);
      if (events.length < batchSize) await this.idle(position);
    }
  }

  private async skip(from: number, to: number): Promise<number> {
    await this.options.ledger.skip(this.webhookId, from, to);
    this.lastRenewal = Date.now();
    return to;
  }

  /** Resolves true once the event is delivered or dead-lettered, false when stopped first. */
  private async deliver(
    event: RecordedEvent,
    from: number,
    resumed?: DeliveryCursor['pending'],
  ): Promise<boolean> {
    const { ledger, policy } = this.options;
    let attempt = resumed?.attempts ?? 0;
    let dueAt = resumed?.nextAttemptAt ? Date.parse(resumed.nextAttemptAt) : 0;
    for (;;) {
      if (!(await this.sleepUntil(dueAt))) return false;
      attempt += 1;
      const result = await this.send(event, attempt);
      if (!result) return false;
      const record: AttemptRecord = { event, attempt, result, outcome: 'delivered' };
      if (!result.ok) {
        record.outcome = attempt >= policy.maxAttempts ? 'dead_lettered' : 'failed';
        dueAt = Date.now() + retryDelayMs(attempt, policy);
        record.nextAttemptAt = new Date(dueAt).toISOString();
      }
      await ledger.recordAttempt(this.webhookId, from, record);
      this.lastRenewal = Date.now();
      if (record.outcome === 'dead_lettered') {
        this.options.log(
          `webhook ${this.webhookId}: event ${event.position} (${event.type}) is a dead letter ` +
            `after ${attempt} attempts (${result.error ?? 'failed'})`,
        );
      }
      if (record.outcome !== 'failed') return true;
    }
  }

  /** Re-delivers requested dead letters, each with a fresh budget of attempts. */
  private async redrive(): Promise<void> {
    const { ledger, reader, policy } = this.options;
    for (;;) {
      const letters = await ledger.requestedRedrives(this.webhookId, REDRIVE_BATCH);
      if (letters.length === 0) return;
      for (const letter of letters) {
        const [event] = await reader.read(letter.position - 1, 1);
        if (!event || event.position !== letter.position) {
          throw new Error(`event ${letter.position} of a dead letter is not in the log`);
        }
        let dueAt = 0;
        for (let attempt = 1; ; attempt += 1) {
          if (!(await this.sleepUntil(dueAt))) return;
          const result = await this.send(event, attempt);
          if (!result) return;
          const outcome = result.ok
            ? 'delivered'
            : attempt >= policy.maxAttempts
              ? 'dead_lettered'
              : 'failed';
          await ledger.recordRedriveAttempt(this.webhookId, { event, attempt, result, outcome });
          this.lastRenewal = Date.now();
          if (outcome !== 'failed') break;
          dueAt = Date.now() + retryDelayMs(attempt, policy);
        }
      }
    }
  }

  private async send(event: RecordedEvent, attempt: number): Promise<AttemptResult | undefined> {
    const { webhook, secret } = this.target;
    try {
      return await sendWebhook(
        {
          webhookId: webhook.webhookId,
          url: webhook.url,
          secret,
          event,
          attempt,
          timeoutMs: this.options.policy.timeoutMs,
          stop: this.stopping.signal,
        },
        this.options.fetch,
      );
    } catch (error) {
      if (this.stopped) return undefined;
      throw error;
    }
  }

  /** Waits until `dueAt`, keeping the lease; false when stopped first. */
  private async sleepUntil(dueAt: number): Promise<boolean> {
    for (;;) {
      const remaining = dueAt - Date.now();
      if (this.stopped) return false;
      if (remaining <= 0) return true;
      await sleep(Math.min(remaining, this.renewEveryMs), this.stopping.signal);
      await this.renewIfDue();
    }
  }

  private async idle(position: number): Promise<void> {
    // A wake() that came before this wait finds `kick` aborted and returns at once.
    const kick = this.kick;
    const wake = anySignal(this.stopping.signal, kick.signal);
    try {
      await this.options.reader.waitForEvents(position, this.renewEveryMs, wake.signal);
    } finally {
      wake.dispose();
    }
    if (kick.signal.aborted) this.kick = new AbortController();
    await this.renewIfDue();
  }

  private get renewEveryMs(): number {
    return Math.max(1, Math.floor(this.options.ledger.leaseMs / 3));
  }

  private async renewIfDue(): Promise<void> {
    if (this.stopped || Date.now() - this.lastRenewal < this.renewEveryMs) return;
    await this.options.ledger.renew(this.webhookId);
    this.lastRenewal = Date.now();
  }
}

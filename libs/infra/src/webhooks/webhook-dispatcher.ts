import { randomUUID } from 'node:crypto';
import type { SqlClient } from '../sql/sql-client';
import { anySignal, sleep } from './abortable';
import type { EventLogReader } from './event-log-reader';
import { WebhookDeliveryLedger } from './webhook-delivery-ledger';
import type { WebhookRegistry } from './webhook-registry';
import { defaultWebhookRetryPolicy, type WebhookRetryPolicy } from './webhook-retry-policy';
import type { FetchLike } from './webhook-sender';
import { WebhookWorker } from './webhook-worker';

export interface WebhookDispatcherOptions {
  reader: EventLogReader;
  registry: WebhookRegistry;
  /** Holds the webhook tables (cursors, delivery log, dead letters). */
  sql: SqlClient;
  policy?: Partial<WebhookRetryPolicy>;
  /** How long a dispatcher's claim on a webhook lasts unless renewed (default 30 s). */
  leaseMs?: number;
  /** How often registrations are re-read and stopped workers restarted (default 5 s). */
  refreshMs?: number;
  /**
   * This process is the only one on its database (embedded PGlite allows no other): leases a
   * crashed predecessor left are taken at once instead of after they expire.
   */
  exclusive?: boolean;
  fetch?: FetchLike;
  log?: (line: string) => void;
}

/**
 * Runs one `WebhookWorker` per active webhook whose lease it holds. Registrations are re-read
 * on `refresh()` (this process registered or deleted one) and every `refreshMs` (another
 * process did, or a worker ended on an error and needs a restart from its cursor).
 */
export class WebhookDispatcher {
  private readonly workers = new Map<string, WebhookWorker>();
  private readonly ledger: WebhookDeliveryLedger;
  private readonly policy: WebhookRetryPolicy;
  private readonly stopping = new AbortController();
  private kick = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly log: (line: string) => void;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.policy = { ...defaultWebhookRetryPolicy, ...options.policy };
    this.ledger = new WebhookDeliveryLedger(
      options.sql,
      `dispatcher:${randomUUID()}`,
      options.leaseMs ?? 30_000,
    );
    this.log = options.log ?? (() => undefined);
  }

  start(): void {
    this.loop ??= this.supervise();
  }

  /** Re-reads registrations now. */
  refresh(): void {
    this.kick.abort();
  }

  /** Wakes the worker of a webhook (dead letters were marked for re-drive). */
  wake(webhookId: string): void {
    this.workers.get(webhookId)?.wake();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
    this.workers.clear();
  }

  private async supervise(): Promise<void> {
    const refreshMs = this.options.refreshMs ?? 5000;
    if (this.options.exclusive) {
      await this.ledger.releaseAll().catch((error: unknown) => {
        this.log(`webhooks: cannot free old leases (${String(error)}); they expire on their own`);
      });
    }
    while (!this.stopping.signal.aborted) {
      const kick = this.kick;
      try {
        await this.reconcile();
      } catch (error) {
        this.log(`webhooks: cannot read registrations (${String(error)}); retrying`);
      }
      const wake = anySignal(this.stopping.signal, kick.signal);
      await sleep(refreshMs, wake.signal);
      wake.dispose();
      if (kick.signal.aborted) this.kick = new AbortController();
    }
  }

  private async reconcile(): Promise<void> {
    const targets = await this.options.registry.targets();
    const active = new Set(targets.map((target) => target.webhook.webhookId));
    for (const [webhookId, worker] of this.workers) {
      if (active.has(webhookId) && worker.isRunning) continue;
      this.workers.delete(webhookId);
      await worker.stop();
    }
    for (const target of targets) {
      const { webhookId, startPosition } = target.webhook;
      if (this.workers.has(webhookId) || this.stopping.signal.aborted) continue;
      const cursor = await this.ledger.acquire(webhookId, startPosition);
      if (!cursor) continue;
      const worker = new WebhookWorker(target, {
        reader: this.options.reader,
        ledger: this.ledger,
        policy: this.policy,
        ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
        log: this.log,
      });
      this.workers.set(webhookId, worker);
      worker.start(cursor);
    }
  }
}

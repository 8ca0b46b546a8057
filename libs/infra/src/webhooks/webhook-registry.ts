import { randomUUID } from 'node:crypto';
import { SenseiError } from '@sensei/domain';
import type { EventMetadata, EventStore } from '../event-store/event-store.port';
import {
  foldWebhook,
  type Webhook,
  WebhookDeleted,
  type WebhookDeletedData,
  WebhookRegistered,
  type WebhookRegisteredData,
  webhookStreamId,
} from './webhook-registration';
import { generateWebhookSecret } from './webhook-signature';
import type { WebhookStore } from './webhook-store';

/** Metadata of the event a command appends; `eventId` is generated when absent. */
export interface WebhookCommandMetadata {
  eventId?: string;
  correlationId: string;
  causationId: string;
  actor: string;
  timestamp: string;
}

export interface RegisterWebhook {
  url: string;
  types?: readonly string[];
  streamPrefix?: string;
  migrationId?: string;
  /** Deliver events after this position; absent: only events after the registration. */
  fromPosition?: number;
  /** Generated (`whsec_...`) when absent. */
  secret?: string;
  metadata: WebhookCommandMetadata;
}

export interface RegisteredWebhook {
  webhook: Webhook;
  /** Returned once, to the caller who registered the webhook. */
  secret: string;
}

/** A webhook the dispatcher should deliver to. */
export interface WebhookTarget {
  webhook: Webhook;
  secret: string;
}

const notFound = (webhookId: string): SenseiError =>
  new SenseiError('WEBHOOK.NOT_FOUND', `Webhook ${webhookId} does not exist`, { webhookId });

const newEvent = (type: string, data: unknown, metadata: WebhookCommandMetadata) => {
  const { eventId, ...rest } = metadata;
  const eventMetadata: EventMetadata = rest;
  return { id: eventId ?? randomUUID(), type, data, metadata: eventMetadata };
};

/**
 * Registers, reads and deletes webhooks: each is the fold of its `webhook-<id>` stream, so a
 * read right after a write sees it. The `webhook_secrets` table, written before the
 * registration event, holds the secret and indexes the ids (the port lists no streams).
 */
export class WebhookRegistry {
  constructor(
    private readonly events: EventStore,
    private readonly store: WebhookStore,
  ) {}

  async register(command: RegisterWebhook): Promise<RegisteredWebhook> {
    const webhookId = randomUUID();
    const secret = command.secret ?? generateWebhookSecret();
    const data: WebhookRegisteredData = {
      webhookId,
      url: command.url,
      types: [...new Set(command.types ?? [])],
      streamPrefix: command.streamPrefix ?? null,
      migrationId: command.migrationId ?? null,
      fromPosition: command.fromPosition ?? null,
    };
    // Secret first: a registration event is never without its secret (an orphan secret row,
    // left by a failed append, folds to nothing and is ignored).
    await this.store.saveSecret(webhookId, secret, command.metadata.timestamp);
    await this.events.append(
      webhookStreamId(webhookId),
      [newEvent(WebhookRegistered, data, command.metadata)],
      { expectedRevision: 'no_stream' },
    );
    return { webhook: await this.require(webhookId), secret };
  }

  async get(webhookId: string): Promise<Webhook | undefined> {
    return foldWebhook(await this.events.readStream(webhookStreamId(webhookId)));
  }

  async require(webhookId: string): Promise<Webhook> {
    const webhook = await this.get(webhookId);
    if (!webhook) throw notFound(webhookId);
    return webhook;
  }

  /** Oldest first; deleted ones only when asked. */
  async list(options: { includeDeleted?: boolean } = {}): Promise<Webhook[]> {
    const includeDeleted = options.includeDeleted ?? false;
    const ids = await this.store.webhookIds({ withSecret: !includeDeleted });
    const webhooks = await Promise.all(ids.map((id) => this.get(id)));
    return webhooks.filter(
      (webhook): webhook is Webhook =>
        webhook !== undefined && (includeDeleted || webhook.status === 'active'),
    );
  }

  /** The active webhooks with their secrets. */
  async targets(): Promise<WebhookTarget[]> {
    const targets = await Promise.all(
      (await this.list()).map(async (webhook) => {
        const secret = await this.store.secretOf(webhook.webhookId);
        return secret === undefined ? undefined : { webhook, secret };
      }),
    );
    return targets.filter((target): target is WebhookTarget => target !== undefined);
  }

  /** Deletes (idempotent: deleting a deleted webhook changes nothing) and erases the secret. */
  async delete(
    webhookId: string,
    metadata: WebhookCommandMetadata,
    reason?: string,
  ): Promise<Webhook> {
    const webhook = await this.require(webhookId);
    if (webhook.status === 'active') {
      const data: WebhookDeletedData = { webhookId, reason: reason ?? null };
      await this.events.append(
        webhookStreamId(webhookId),
        [newEvent(WebhookDeleted, data, metadata)],
        { expectedRevision: webhook.revision },
      );
    }
    await this.store.eraseSecret(webhookId);
    return this.require(webhookId);
  }
}

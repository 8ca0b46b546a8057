import type { RecordedEvent } from '../event-store/event-store.port';
import type { EventFilter } from './event-filter';

/**
 * A webhook is event-sourced: its stream `webhook-<id>` holds `WebhookRegistered` and, once
 * removed, `WebhookDeleted`; its state is the fold below. The signing secret is deliberately
 * not in the log (the log is immutable and readable by every viewer over SSE): it lives in the
 * `webhook_secrets` table, as do delivery cursors, the delivery log and dead letters.
 */
export const WEBHOOK_STREAM_PREFIX = 'webhook-';
export const webhookStreamId = (webhookId: string): string => WEBHOOK_STREAM_PREFIX + webhookId;

export const WebhookRegistered = 'WebhookRegistered';
export const WebhookDeleted = 'WebhookDeleted';

export interface WebhookRegisteredData {
  webhookId: string;
  url: string;
  types: string[];
  streamPrefix: string | null;
  migrationId: string | null;
  /** Deliver events after this position; null: after the registration event itself. */
  fromPosition: number | null;
}

export interface WebhookDeletedData {
  webhookId: string;
  reason: string | null;
}

export interface Webhook {
  webhookId: string;
  url: string;
  filter: EventFilter;
  /** Events after this position are delivered. */
  startPosition: number;
  status: 'active' | 'deleted';
  registeredAt: string;
  registeredBy: string;
  deletedAt?: string;
  deletedBy?: string;
  /** Revision of the webhook's stream (for an expected-revision append). */
  revision: number;
}

const registered = (event: RecordedEvent): Webhook => {
  const data = event.data as WebhookRegisteredData;
  return {
    webhookId: data.webhookId,
    url: data.url,
    filter: {
      ...(data.types.length > 0 ? { types: data.types } : {}),
      ...(data.streamPrefix ? { streamPrefix: data.streamPrefix } : {}),
      ...(data.migrationId ? { migrationId: data.migrationId } : {}),
    },
    startPosition: data.fromPosition ?? event.position,
    status: 'active',
    registeredAt: event.metadata.timestamp,
    registeredBy: event.metadata.actor,
    revision: event.revision,
  };
};

const evolve = (state: Webhook | undefined, event: RecordedEvent): Webhook | undefined => {
  switch (event.type) {
    case WebhookRegistered:
      return registered(event);
    case WebhookDeleted:
      return (
        state && {
          ...state,
          status: 'deleted',
          deletedAt: event.metadata.timestamp,
          deletedBy: event.metadata.actor,
          revision: event.revision,
        }
      );
    default:
      return state && { ...state, revision: event.revision };
  }
};

/** The webhook as its stream tells it; undefined when the stream is empty. */
export const foldWebhook = (events: readonly RecordedEvent[]): Webhook | undefined =>
  events.reduce<Webhook | undefined>(evolve, undefined);

import type { FactoryProvider } from '@nestjs/common';
import { EventStore, type SqlClient, WebhookRegistry, WebhookStore } from '@sensei/infra';
import { SQL_CLIENT } from '../../adapters/tokens';

/** The webhook tables live beside api_keys and idempotency_keys; created before the first request. */
export const webhookStoreProvider: FactoryProvider<WebhookStore> = {
  provide: WebhookStore,
  useFactory: async (sql: SqlClient) => {
    const store = new WebhookStore(sql);
    await store.ensureSchema();
    return store;
  },
  inject: [SQL_CLIENT],
};

export const webhookRegistryProvider: FactoryProvider<WebhookRegistry> = {
  provide: WebhookRegistry,
  useFactory: (events: EventStore, store: WebhookStore) => new WebhookRegistry(events, store),
  inject: [EventStore, WebhookStore],
};

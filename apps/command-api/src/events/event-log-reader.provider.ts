import type { FactoryProvider } from '@nestjs/common';
import { EventStore, type EventLogReader, StoreEventLogReader } from '@sensei/infra';

/** The log as SSE streams and the webhook dispatcher tail it (an `EventLogReader`). */
export const EVENT_LOG_READER = Symbol('EVENT_LOG_READER');

export const eventLogReaderProvider: FactoryProvider<EventLogReader> = {
  provide: EVENT_LOG_READER,
  useFactory: (store: EventStore) => new StoreEventLogReader(store),
  inject: [EventStore],
};

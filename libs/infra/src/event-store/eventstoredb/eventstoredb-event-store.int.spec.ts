import { eventStoreContract } from '../../../../../test/contract/event-store.contract';
import {
  EventStore,
  type AppendOptions,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Upcaster,
} from '../event-store.port';
import { createEventStoreDbEventStore } from './eventstoredb-event-store';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

/**
 * A shared server's `$all` holds every test's events, and earlier runs' too: the contract's
 * "fresh, empty store" is `$all` from where the test began. The int tier runs in band, so no
 * other test writes meanwhile.
 */
class EventsSince extends EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly since: number,
  ) {
    super();
  }

  override append(streamId: string, events: NewEvent[], options?: AppendOptions) {
    return this.inner.append(streamId, events, options);
  }

  override readStream(streamId: string, options?: ReadStreamOptions) {
    return this.inner.readStream(streamId, options);
  }

  override async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    if (options.direction === 'backwards') {
      return (await this.inner.readAll(options)).filter((event) => event.position > this.since);
    }
    return this.inner.readAll({ ...options, fromPosition: this.from(options.fromPosition) });
  }

  override subscribeToAll(
    handler: (event: RecordedEvent) => Promise<void> | void,
    options: SubscribeOptions & { onError?: (error: unknown) => void } = {},
  ) {
    return this.inner.subscribeToAll(handler, {
      ...options,
      fromPosition: this.from(options.fromPosition),
    });
  }

  override verifyStream(streamId: string) {
    return this.inner.verifyStream(streamId);
  }

  override ping() {
    return this.inner.ping();
  }

  override close() {
    return this.inner.close();
  }

  private from(position: number | undefined): number {
    return Math.max(position ?? 0, this.since);
  }
}

// ESDB positions are transaction-log offsets: strictly increasing, never reused, not gapless.
// Its idempotency check looks at one stream, so an id reused in another stream is not refused.
// And its log cannot be edited behind its back, so there are no tampering tests.
const esdbCapabilities = {
  tamper: false,
  positions: 'increasing' as const,
  eventIdsUniqueAcrossStreams: false,
};

if (connectionString) {
  eventStoreContract(
    'EventStoreDB',
    async () => {
      const opened: EventStore[] = [];
      const open = (upcasters: Upcaster[] = []) => {
        const store = createEventStoreDbEventStore(connectionString, { upcasters });
        opened.push(store);
        return store;
      };
      const first = open();
      await first.ping();
      const [last] = await first.readAll({ direction: 'backwards', maxCount: 1 });
      const view = (store: EventStore) => new EventsSince(store, last?.position ?? 0);
      return {
        store: view(first),
        cleanup: async () => {
          await Promise.all(opened.map((store) => store.close()));
        },
        withUpcasters: async (upcasters) => view(open(upcasters)),
        // Each writer on its own client, so its own gRPC connection.
        openWriter: async () => view(open()),
      };
    },
    esdbCapabilities,
  );
} else {
  // Straight to stderr: Jest drops console output of a file whose tests are all skipped.
  process.stderr.write(
    'skipped: no EventStoreDB (set EVENTSTORE_CONNECTION_STRING to run the contract suite against it)\n',
  );
  describe('EventStoreDB: EventStore contract', () => {
    it.skip('skipped: no EventStoreDB (set EVENTSTORE_CONNECTION_STRING to run it)', () =>
      undefined);
  });
}

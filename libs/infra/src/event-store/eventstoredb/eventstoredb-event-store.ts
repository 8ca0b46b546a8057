import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  excludeSystemEvents,
  type AllStreamResolvedEvent,
  type Position,
  type ReadPosition,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import { SenseiError } from '@sensei/domain';
import {
  EventStore,
  VersionConflictError,
  type AppendOptions,
  type AppendResult,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamVerification,
  type SubscribeOptions,
  type Subscription,
  type Upcaster,
} from '../event-store.port';
import { validateAppend, type ValidatedEvent } from '../sql/append-validation';
import { genesisHash, hashEvent } from '../sql/event-hash';
import { UpcasterChain } from '../sql/upcaster-chain';
import {
  fromEsdbEvent,
  isSystemEvent,
  satisfies,
  toEsdbEvent,
  toEsdbExpectedRevision,
  toStoreError,
  unavailable,
} from './esdb-mapping';

export interface EventStoreDbEventStoreOptions {
  upcasters?: readonly Upcaster[];
  /** How long `ping()` waits for an answer. Default 3,000 ms. */
  pingTimeoutMs?: number;
  /**
   * How many of a stream's latest events an append checks for its own ids, to make a re-sent batch
   * a no-op under `any`/`stream_exists` (numeric and `no_stream` expectations are checked exactly
   * by the server). Default 64.
   */
  idempotencyWindow?: number;
  /** Attempts for `any`/`stream_exists` appends that race a concurrent writer. Default 10. */
  maxAppendAttempts?: number;
}

const readPageSize = 512;

/**
 * Event store on EventStoreDB 22.6+ (gRPC, `@eventstore/db-client`).
 *
 * Differences from the SQL adapters, all inherent to EventStoreDB:
 * - `position` is the event's commit position in the ESDB transaction log: strictly increasing in
 *   `$all` order, never reused, but NOT gapless (it is a byte offset). Checkpoints still work, since
 *   "after position p" is all a subscriber needs.
 * - Appends are not wrapped in one SQL transaction with the hash chain: the adapter reads the
 *   stream's last event, chains the new hashes onto it and appends with that exact revision as the
 *   expected revision, so a concurrent writer makes the server reject the append instead of
 *   breaking the chain. `any`/`stream_exists` appends then retry on the new tail.
 */
export class EventStoreDbEventStore extends EventStore {
  private readonly upcasters: UpcasterChain;
  private readonly pingTimeoutMs: number;
  private readonly idempotencyWindow: number;
  private readonly maxAppendAttempts: number;

  constructor(
    private readonly client: EventStoreDBClient,
    /** Connection string without credentials, for logs and errors. */
    readonly description: string,
    options: EventStoreDbEventStoreOptions = {},
  ) {
    super();
    this.upcasters = new UpcasterChain(options.upcasters);
    this.pingTimeoutMs = options.pingTimeoutMs ?? 3_000;
    this.idempotencyWindow = options.idempotencyWindow ?? 64;
    this.maxAppendAttempts = options.maxAppendAttempts ?? 10;
  }

  override async append(
    streamId: string,
    events: NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const { events: validated, expectedRevision: expected } = validateAppend(
      streamId,
      events,
      options.expectedRevision,
    );
    assertWritableStream(streamId);
    for (let attempt = 1; ; attempt++) {
      const tail = await this.readTail(streamId, validated.length + this.idempotencyWindow);
      const last = tail[0];
      const current = last?.revision ?? -1;

      const alreadyStored = await this.findStoredBatch(
        streamId,
        validated,
        expected,
        tail,
        current,
      );
      if (alreadyStored) return alreadyStored;
      if (!satisfies(expected, current)) {
        throw new VersionConflictError(streamId, expected, current);
      }
      if (validated.length === 0) {
        return { nextExpectedRevision: current, position: last?.position ?? 0 };
      }

      let prevHash = last?.hash ?? genesisHash;
      const esdbEvents = validated.map((event, index) => {
        const hash = hashEvent(prevHash, {
          streamId,
          revision: current + 1 + index,
          id: event.id,
          type: event.type,
          schemaVersion: event.schemaVersion,
          data: event.data,
          metadata: event.metadata,
        });
        const esdbEvent = toEsdbEvent(event, { hash, prevHash });
        prevHash = hash;
        return esdbEvent;
      });
      try {
        const result = await this.client.appendToStream(streamId, esdbEvents, {
          expectedRevision: toEsdbExpectedRevision(current),
        });
        const nextExpectedRevision = Number(result.nextExpectedRevision);
        // The commit position answered is the last event's. An append the server found to be a
        // duplicate (idempotent) may come back without one: read it from the stored event.
        const position =
          result.position && result.position.commit >= 0n
            ? Number(result.position.commit)
            : ((await this.rawEvents(streamId, nextExpectedRevision, 1))[0]?.position ?? 0);
        return { nextExpectedRevision, position };
      } catch (error) {
        const mapped = toStoreError(error, { streamId, target: this.description, expected });
        const racedAnotherWriter = expected === 'any' || expected === 'stream_exists';
        if (
          mapped instanceof VersionConflictError &&
          racedAnotherWriter &&
          attempt < this.maxAppendAttempts
        ) {
          continue;
        }
        throw mapped;
      }
    }
  }

  override async readStream(
    streamId: string,
    options: ReadStreamOptions = {},
  ): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    if (options.maxCount === 0) return [];
    const read = this.client.readStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision:
        options.fromRevision !== undefined ? BigInt(options.fromRevision) : backwards ? END : START,
      ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
    });
    const stored = await this.collectStream(streamId, read);
    return stored.map((event) => this.upcast(event));
  }

  override async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    const from = options.fromPosition ?? 0;
    const events: RecordedEvent[] = [];
    // ESDB reads forwards from a position inclusively and backwards exclusively; `lastSeen`
    // drops the event sitting exactly at the start position and the overlap between pages.
    let lastSeen: bigint | undefined = from > 0 ? BigInt(from) : undefined;
    let cursor: ReadPosition = lastSeen !== undefined ? at(lastSeen) : backwards ? END : START;
    while (events.length < maxCount) {
      const pageSize = Math.min(readPageSize, maxCount - events.length + 1);
      const page = await this.collect(
        this.client.readAll({
          direction: backwards ? BACKWARDS : FORWARDS,
          fromPosition: cursor,
          maxCount: pageSize,
        }),
      );
      for (const { event } of page) {
        if (!event) continue;
        const position = event.position.commit;
        const seen = backwards
          ? position >= (lastSeen ?? position + 1n)
          : position <= (lastSeen ?? -1n);
        if (seen) continue;
        lastSeen = position;
        cursor = event.position;
        if (isSystemEvent(event)) continue;
        events.push(this.upcast(fromEsdbEvent(event)));
        if (events.length >= maxCount) break;
      }
      if (page.length < pageSize) break;
    }
    return events;
  }

  override subscribeToAll(
    handler: (event: RecordedEvent) => Promise<void> | void,
    options: SubscribeOptions & { onError?: (error: unknown) => void } = {},
  ): Subscription {
    const from = options.fromPosition ?? 0;
    const subscription = this.client.subscribeToAll(
      { fromPosition: from > 0 ? at(BigInt(from)) : START, filter: excludeSystemEvents() },
      options.batchSize ? { highWaterMark: options.batchSize } : {},
    );
    let stopped = false;
    const done = (async () => {
      let lastSeen = BigInt(from);
      try {
        for await (const { event } of subscription as AsyncIterable<AllStreamResolvedEvent>) {
          if (stopped) break;
          if (!event || isSystemEvent(event) || event.position.commit <= lastSeen) continue;
          lastSeen = event.position.commit;
          await handler(this.upcast(fromEsdbEvent(event)));
        }
      } catch (error) {
        if (stopped) return;
        stopped = true;
        await subscription.unsubscribe().catch(() => undefined);
        options.onError?.(toStoreError(error, { streamId: '$all', target: this.description }));
      }
    })();
    return {
      stop: async () => {
        if (!stopped) {
          stopped = true;
          await subscription.unsubscribe().catch(() => undefined);
          subscription.destroy();
        }
        await done;
      },
    };
  }

  /**
   * Replays the hash chain over the stream as ESDB returns it. ESDB cannot edit or drop single
   * events, but a stream can be truncated ($tb), deleted and recreated, or written by another
   * client without hashes: each shows up as a missing revision or a hash mismatch.
   */
  override async verifyStream(streamId: string): Promise<StreamVerification> {
    const stored = await this.collectStream(
      streamId,
      this.client.readStream(streamId, { direction: FORWARDS }),
    );
    const eventCount = stored.length;
    let prevHash = genesisHash;
    for (const [expectedRevision, event] of stored.entries()) {
      if (event.revision !== expectedRevision) {
        return {
          ok: false,
          streamId,
          eventCount,
          firstBadRevision: expectedRevision,
          reason: 'missing_event',
          detail: `revision ${expectedRevision} is missing; the next stored is ${event.revision}`,
        };
      }
      const hash = hashEvent(prevHash, {
        streamId,
        revision: event.revision,
        id: event.id,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.data,
        metadata: event.metadata,
      });
      if (event.prevHash !== prevHash || event.hash !== hash) {
        return {
          ok: false,
          streamId,
          eventCount,
          firstBadRevision: expectedRevision,
          reason: 'hash_mismatch',
          detail: `revision ${expectedRevision} does not match its hash: it was edited or written without one`,
        };
      }
      prevHash = hash;
    }
    return { ok: true, streamId, eventCount, lastHash: prevHash };
  }

  override async ping(): Promise<void> {
    const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.pingTimeoutMs} ms`)),
        this.pingTimeoutMs,
      );
    });
    try {
      await Promise.race([this.collect(read), timeout]);
    } catch (error) {
      void read.cancel().catch(() => undefined);
      if (error instanceof SenseiError && error.code === 'EVENT_STORE.UNAVAILABLE') throw error;
      throw unavailable(this.description, error);
    } finally {
      clearTimeout(timer);
    }
  }

  override async close(): Promise<void> {
    await this.client.dispose();
  }

  private upcast(event: RecordedEvent): RecordedEvent {
    const { schemaVersion, data } = this.upcasters.upcast(
      event.type,
      event.schemaVersion,
      event.data,
    );
    return schemaVersion === event.schemaVersion ? event : { ...event, schemaVersion, data };
  }

  /** The stream's latest events, newest first, as stored; empty when the stream does not exist. */
  private readTail(streamId: string, count: number): Promise<RecordedEvent[]> {
    return this.collectStream(
      streamId,
      this.client.readStream(streamId, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: Math.max(count, 1),
      }),
    );
  }

  /**
   * Idempotency, as in the SQL store: a retry of an append already stored (same ids, same stream,
   * contiguous, same order) answers what the original append answered; ids stored only in part or
   * out of order are a different append reusing ids, refused rather than guessed at.
   */
  private async findStoredBatch(
    streamId: string,
    events: ValidatedEvent[],
    expected: ExpectedRevision,
    tail: RecordedEvent[],
    current: number,
  ): Promise<AppendResult | undefined> {
    if (events.length === 0) return undefined;
    // An exact retry of an append made at a given revision lies right after that revision, maybe
    // beyond the window; everything else is looked for among the latest events.
    const anchor =
      expected === 'no_stream'
        ? -1
        : typeof expected === 'number'
          ? Math.max(expected, -1)
          : undefined;
    const candidates =
      anchor !== undefined && current > anchor
        ? await this.rawEvents(streamId, anchor + 1, events.length)
        : tail;
    const byId = new Map(candidates.map((event) => [event.id, event]));
    const places = events.map((event) => byId.get(event.id));
    const first = places[0];
    const last = places[places.length - 1];
    if (places.every((place) => place === undefined)) return undefined;
    const inPlace =
      first !== undefined &&
      places.every(
        (place, index) => place !== undefined && place.revision === first.revision + index,
      );
    if (inPlace && last) return { nextExpectedRevision: last.revision, position: last.position };
    const stored = events
      .filter((_, index) => places[index] !== undefined)
      .map((event) => event.id);
    throw new SenseiError(
      'STREAM.IDEMPOTENCY_MISMATCH',
      `Append to ${streamId} reuses event ids already stored in part or out of order ` +
        `(${stored.join(', ')}): a retry must resend the same events in the same order`,
      { streamId, storedEventIds: stored },
    );
  }

  private rawEvents(
    streamId: string,
    fromRevision: number,
    count: number,
  ): Promise<RecordedEvent[]> {
    return this.collectStream(
      streamId,
      this.client.readStream(streamId, {
        direction: FORWARDS,
        fromRevision: BigInt(fromRevision),
        maxCount: count,
      }),
    );
  }

  private async collectStream(
    streamId: string,
    read: StreamingRead<ResolvedEvent>,
  ): Promise<RecordedEvent[]> {
    try {
      const resolved = await this.collect(read);
      return resolved.flatMap(({ event }) => (event ? [fromEsdbEvent(event)] : []));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toStoreError(error, { streamId, target: this.description });
    }
  }

  private async collect<E>(read: StreamingRead<E>): Promise<E[]> {
    const items: E[] = [];
    try {
      for await (const item of read) items.push(item);
    } catch (error) {
      if (error instanceof StreamNotFoundError) throw error;
      throw toStoreError(error, { streamId: '$all', target: this.description });
    }
    return items;
  }
}

const at = (position: bigint): Position => ({ commit: position, prepare: position });

const assertWritableStream = (streamId: string): void => {
  if (streamId.length === 0 || streamId.startsWith('$')) {
    throw new SenseiError(
      'VALIDATION.FAILED',
      `Stream id ${JSON.stringify(streamId)} is empty or reserved: EventStoreDB keeps $-prefixed streams for itself`,
      { streamId },
    );
  }
};

/** Strips credentials so the string can appear in logs and errors. */
export const describeConnection = (connectionString: string): string =>
  connectionString.replace(/\/\/[^@/]*@/, '//');

/**
 * `connectionString`: an EventStoreDB connection string, e.g. `esdb://localhost:2113?tls=false`
 * or `esdb+discover://admin:changeit@cluster.example:2113`.
 */
export const createEventStoreDbEventStore = (
  connectionString: string,
  options: EventStoreDbEventStoreOptions = {},
): EventStoreDbEventStore => {
  const description = describeConnection(connectionString);
  let client: EventStoreDBClient;
  try {
    client = EventStoreDBClient.connectionString(connectionString);
  } catch (error) {
    throw new SenseiError(
      'EVENT_STORE.UNAVAILABLE',
      `EVENTSTORE_CONNECTION_STRING ${description} is not a valid EventStoreDB connection string ` +
        `(${error instanceof Error ? error.message : String(error)}); expected e.g. esdb://localhost:2113?tls=false`,
      { target: description },
    );
  }
  return new EventStoreDbEventStore(client, description, options);
};

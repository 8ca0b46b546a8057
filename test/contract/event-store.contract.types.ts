import type { EventStore, Upcaster } from '../../libs/infra/src/event-store/event-store.port';

/** Edits stored events behind the store's back; only engines whose storage can be edited (SQL). */
export interface EventStoreTamper {
  editEventData(streamId: string, revision: number, data: unknown): Promise<void>;
  deleteEvent(streamId: string, revision: number): Promise<void>;
}

/** One fresh, empty store per test, plus the optional capabilities of its engine. */
export interface EventStoreFixture {
  store: EventStore;
  /** Closes every store the fixture opened and drops their data. */
  cleanup(): Promise<void>;
  /** Another store over the same data with these upcasters (schema evolution tests). */
  withUpcasters(upcasters: Upcaster[]): Promise<EventStore>;
  /**
   * Another store over the same data for one concurrent writer, on its own connections where
   * the engine has them, so the gapless test races real transactions, not one process's queue.
   */
  openWriter?(): Promise<EventStore>;
  tamper?: EventStoreTamper;
}

export type MakeEventStoreFixture = () => Promise<EventStoreFixture>;

/**
 * How positions are numbered. `gapless` (the port's promise, SQL stores): a fresh log holds
 * 1..N. `increasing`: strictly increasing only (EventStoreDB's transaction-log offsets); the
 * gapless test then checks that every event arrives once, in order, without the 1..N check.
 */
export type PositionNumbering = 'gapless' | 'increasing';

export interface EventStoreContractOptions {
  /** How long the 16 writers of the gapless test run (default: SENSEI_GAPLESS_SECONDS or 5). */
  gaplessSeconds?: number;
  /** Run the tampering tests (the fixture must then provide `tamper`). */
  tamper?: boolean;
  /** Default `gapless`. */
  positions?: PositionNumbering;
  /** Whether a stored event id is refused in another stream too (default true). */
  eventIdsUniqueAcrossStreams?: boolean;
}

/** The options with their defaults, as the contract's sections receive them. */
export type ContractSettings = Required<EventStoreContractOptions>;

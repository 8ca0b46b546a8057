import {
  fold,
  isSenseiError,
  type MigrationCommand,
  type MigrationEvent,
  type MigrationState,
  migrationDecider,
  migrationStreamId,
} from '@sensei/domain';
import {
  type EventStore,
  type ReadStreamOptions,
  type RecordedEvent,
  VersionConflictError,
} from '../event-store.port';
import { eventIdAt } from './event-ids';

const MAX_ATTEMPTS = 4;

const isVersionConflict = (error: unknown): boolean =>
  isSenseiError(error) && error.code === 'STREAM.VERSION_CONFLICT';

/** What an accepted command did to its stream. */
export interface CommandOutcome {
  migrationId: string;
  revision: number;
  position: number;
  events: string[];
}

/**
 * Load, fold, decide, append with the expected revision: the one way a migration's stream
 * changes, shared by the command API, the CLI and the agents. A concurrent writer (version
 * conflict) means a decision on stale state: decide again on fresh state, a few times. A caller
 * that names the revision it decided on gets its conflict back instead.
 */
export class MigrationCommandStream {
  constructor(private readonly eventStore: EventStore) {}

  async handle(command: MigrationCommand, expectedRevision?: number): Promise<CommandOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.decideAndAppend(command, expectedRevision);
      } catch (error) {
        const retry =
          isVersionConflict(error) && expectedRevision === undefined && attempt < MAX_ATTEMPTS;
        if (!retry) throw error;
      }
    }
  }

  /** A stream's events; none for a stream that does not exist (whichever way the store says so). */
  async read(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    try {
      return await this.eventStore.readStream(streamId, options);
    } catch (error) {
      if (isSenseiError(error) && error.code === 'STREAM.NOT_FOUND') return [];
      throw error;
    }
  }

  /** The migration as its events leave it, with the revision it was folded at. */
  async load(migrationId: string): Promise<{ state: MigrationState; revision: number }> {
    const recorded = await this.read(migrationStreamId(migrationId));
    return {
      state: fold(migrationDecider, recorded as unknown as MigrationEvent[]),
      revision: recorded.at(-1)?.revision ?? -1,
    };
  }

  private async decideAndAppend(
    command: MigrationCommand,
    expectedRevision: number | undefined,
  ): Promise<CommandOutcome> {
    const { migrationId } = command.data;
    const streamId = migrationStreamId(migrationId);
    const recorded = await this.read(streamId);
    const last = recorded.at(-1);
    const revision = last?.revision ?? -1;
    if (expectedRevision !== undefined && expectedRevision !== revision) {
      throw new VersionConflictError(streamId, expectedRevision, revision);
    }
    const state = fold(migrationDecider, recorded as unknown as MigrationEvent[]);
    const events = migrationDecider.decide(command, state);
    if (events.length === 0) {
      return { migrationId, revision, position: last?.position ?? 0, events: [] };
    }
    const { eventId, ...metadata } = command.metadata;
    const firstEventId = eventId ?? command.metadata.causationId;
    const result = await this.eventStore.append(
      streamId,
      events.map(({ type, data }, index) => ({
        id: eventIdAt(firstEventId, index),
        type,
        data,
        metadata,
      })),
      { expectedRevision: revision === -1 ? 'no_stream' : revision },
    );
    return {
      migrationId,
      revision: result.nextExpectedRevision,
      position: result.position,
      events: events.map((event) => event.type),
    };
  }
}

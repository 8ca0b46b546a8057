import { Injectable } from '@nestjs/common';
import {
  fold,
  isSenseiError,
  type MigrationCommand,
  type MigrationEvent,
  migrationDecider,
  migrationStreamId,
} from '@sensei/domain';
import {
  EventStore,
  type ReadStreamOptions,
  type RecordedEvent,
  VersionConflictError,
} from '@sensei/infra';
import type { CommandAcceptedResponse } from './command-accepted.response';
import { eventIdAt } from './ids';

const MAX_ATTEMPTS = 4;

const isVersionConflict = (error: unknown): boolean =>
  isSenseiError(error) && error.code === 'STREAM.VERSION_CONFLICT';

/**
 * Load, fold, decide, append with the expected revision. A concurrent writer (version conflict)
 * means a decision on stale state: decide again on fresh state, a few times. A client that sent
 * If-Match decided on what it saw, so its conflict goes straight back to it.
 */
@Injectable()
export class MigrationStream {
  constructor(private readonly eventStore: EventStore) {}

  async handle(
    command: MigrationCommand,
    expectedRevision?: number,
  ): Promise<CommandAcceptedResponse> {
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

  private async decideAndAppend(
    command: MigrationCommand,
    expectedRevision: number | undefined,
  ): Promise<CommandAcceptedResponse> {
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

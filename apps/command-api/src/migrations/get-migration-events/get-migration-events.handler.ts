import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { migrationStreamId, SenseiError } from '@sensei/domain';
import { MigrationStream } from '../shared/migration-stream';
import { GetMigrationEventsQuery } from './get-migration-events.query';
import type { MigrationEventsResponseDto } from './get-migration-events.response.dto';

/** Reads a migration's stream as recorded: the audit trail, with revisions and hashes. */
@QueryHandler(GetMigrationEventsQuery)
export class GetMigrationEventsHandler implements IQueryHandler<GetMigrationEventsQuery> {
  constructor(private readonly stream: MigrationStream) {}

  async execute(query: GetMigrationEventsQuery): Promise<MigrationEventsResponseDto> {
    const { migrationId, direction, fromRevision, maxCount } = query;
    const streamId = migrationStreamId(migrationId);
    const events = await this.stream.read(streamId, { direction, fromRevision, maxCount });
    // An empty page of an existing stream (fromRevision past its end) is not a 404.
    if (events.length === 0 && (await this.stream.read(streamId, { maxCount: 1 })).length === 0) {
      throw new SenseiError('MIGRATION.NOT_FOUND', `Migration ${migrationId} does not exist`, {
        migrationId,
      });
    }
    const last = events.at(-1);
    const next = last && (direction === 'forwards' ? last.revision + 1 : last.revision - 1);
    const more = events.length === maxCount && next !== undefined && next >= 0;
    return { migrationId, events, ...(more ? { nextFromRevision: next } : {}) };
  }
}

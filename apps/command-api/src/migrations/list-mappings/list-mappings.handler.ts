import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { SenseiError } from '@sensei/domain';
import { MigrationStream } from '../shared/migration-stream';
import { ListMappingsQuery } from './list-mappings.query';
import type { MappingListResponseDto } from './list-mappings.response.dto';

/**
 * The mappings of one migration, folded from its stream. The review-queue read model arrives
 * with the projections (read side); until then one stream's fold is cheap and exact.
 */
@QueryHandler(ListMappingsQuery)
export class ListMappingsHandler implements IQueryHandler<ListMappingsQuery> {
  constructor(private readonly stream: MigrationStream) {}

  async execute({ migrationId, status }: ListMappingsQuery): Promise<MappingListResponseDto> {
    const { state } = await this.stream.load(migrationId);
    if (state.status === 'empty') {
      throw new SenseiError('MIGRATION.NOT_FOUND', `Migration ${migrationId} does not exist`, {
        migrationId,
      });
    }
    const mappings = [...state.mappings.values()]
      .filter((mapping) => status === undefined || mapping.status === status)
      .sort((a, b) => a.confidence - b.confidence || a.mappingId.localeCompare(b.mappingId));
    return { migrationId, reviewThreshold: state.config.reviewThreshold, mappings };
  }
}

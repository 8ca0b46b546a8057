import { Query } from '@nestjs/cqrs';
import type { MappingStatus } from '@sensei/domain';
import type { MappingListResponseDto } from './list-mappings.response.dto';

export class ListMappingsQuery extends Query<MappingListResponseDto> {
  constructor(
    readonly migrationId: string,
    readonly status: MappingStatus | undefined,
  ) {
    super();
  }
}

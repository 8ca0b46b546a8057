import { Query } from '@nestjs/cqrs';
import type { MigrationEventsResponseDto } from './get-migration-events.response.dto';

export class GetMigrationEventsQuery extends Query<MigrationEventsResponseDto> {
  constructor(
    readonly migrationId: string,
    readonly direction: 'forwards' | 'backwards',
    readonly fromRevision: number | undefined,
    readonly maxCount: number,
  ) {
    super();
  }
}

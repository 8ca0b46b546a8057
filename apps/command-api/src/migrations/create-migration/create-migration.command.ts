import { Command } from '@nestjs/cqrs';
import type { DataStoreRef, MessageMetadata, MigrationConfig } from '@sensei/domain';
import type { CommandAcceptedResponse } from '../shared/command-accepted.response';

export class CreateMigrationCommand extends Command<CommandAcceptedResponse> {
  constructor(
    readonly migrationId: string,
    readonly source: DataStoreRef,
    readonly target: DataStoreRef,
    readonly config: MigrationConfig | undefined,
    readonly metadata: MessageMetadata,
  ) {
    super();
  }
}

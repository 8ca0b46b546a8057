import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandAcceptedResponse } from '../shared/command-accepted.response';
import { MigrationStream } from '../shared/migration-stream';
import { CreateMigrationCommand } from './create-migration.command';

@CommandHandler(CreateMigrationCommand)
export class CreateMigrationHandler implements ICommandHandler<CreateMigrationCommand> {
  constructor(private readonly stream: MigrationStream) {}

  execute({
    migrationId,
    source,
    target,
    config,
    metadata,
  }: CreateMigrationCommand): Promise<CommandAcceptedResponse> {
    const data = { migrationId, source, target, ...(config ? { config } : {}) };
    return this.stream.handle({ type: 'RequestMigration', data, metadata });
  }
}

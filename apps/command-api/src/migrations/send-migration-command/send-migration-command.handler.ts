import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandAcceptedResponse } from '../shared/command-accepted.response';
import { MigrationStream } from '../shared/migration-stream';
import { SendMigrationCommand } from './send-migration-command.command';

@CommandHandler(SendMigrationCommand)
export class SendMigrationCommandHandler implements ICommandHandler<SendMigrationCommand> {
  constructor(private readonly stream: MigrationStream) {}

  execute({ command, expectedRevision }: SendMigrationCommand): Promise<CommandAcceptedResponse> {
    return this.stream.handle(command, expectedRevision);
  }
}

import { Command } from '@nestjs/cqrs';
import type { MigrationCommand } from '@sensei/domain';
import type { CommandAcceptedResponse } from '../shared/command-accepted.response';

/** Any lifecycle command on an existing migration, optionally at an expected revision. */
export class SendMigrationCommand extends Command<CommandAcceptedResponse> {
  constructor(
    readonly command: MigrationCommand,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}

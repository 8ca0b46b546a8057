import { Body, Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandAcceptedResponse } from '../shared/command-accepted.response';
import { LifecycleCommand } from '../shared/command-endpoint.decorator';
import { type CommandEnvelope, MigrationCommandSender } from '../shared/migration-command.sender';
import { MigrationCommandEnvelope } from '../shared/request-context';
import { ReasonRequestDto } from './lifecycle.request.dto';

/** A human steps in: halt, resume, cancel. Each needs a reason, recorded in the event. */
@ApiTags('control')
@Controller('migrations/:id')
export class ControlHttpController {
  constructor(private readonly sender: MigrationCommandSender) {}

  @Post('halt')
  @LifecycleCommand('Halt a running migration')
  halt(
    @Body() { reason }: ReasonRequestDto,
    @MigrationCommandEnvelope() envelope: CommandEnvelope,
  ): Promise<CommandAcceptedResponse> {
    return this.sender.send('HaltMigration', { reason }, envelope);
  }

  @Post('resume')
  @LifecycleCommand('Resume a halted migration')
  resume(
    @Body() { reason }: ReasonRequestDto,
    @MigrationCommandEnvelope() envelope: CommandEnvelope,
  ): Promise<CommandAcceptedResponse> {
    return this.sender.send('ResumeMigration', { reason }, envelope);
  }

  @Post('cancel')
  @LifecycleCommand('Cancel a migration for good')
  cancel(
    @Body() { reason }: ReasonRequestDto,
    @MigrationCommandEnvelope() envelope: CommandEnvelope,
  ): Promise<CommandAcceptedResponse> {
    return this.sender.send('CancelMigration', { reason }, envelope);
  }
}

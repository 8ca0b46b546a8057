import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { MessageMetadata, MigrationCommand, MigrationCommandType } from '@sensei/domain';
import type { FastifyReply } from 'fastify';
import { SendMigrationCommand } from '../send-migration-command/send-migration-command.command';
import type { CommandAcceptedResponse } from './command-accepted.response';

export type CommandDataOf<T extends MigrationCommandType> = Omit<
  Extract<MigrationCommand, { type: T }>['data'],
  'migrationId'
>;

export interface CommandEnvelope {
  migrationId: string;
  metadata: MessageMetadata;
  expectedRevision: number | undefined;
  reply: FastifyReply;
}

/** What the lifecycle controllers share: build the domain command, send it, tag the revision. */
@Injectable()
export class MigrationCommandSender {
  constructor(private readonly commandBus: CommandBus) {}

  async send<T extends MigrationCommandType>(
    type: T,
    data: CommandDataOf<T>,
    { migrationId, metadata, expectedRevision, reply }: CommandEnvelope,
  ): Promise<CommandAcceptedResponse> {
    const command = { type, data: { ...data, migrationId }, metadata } as MigrationCommand;
    const result = await this.commandBus.execute(
      new SendMigrationCommand(command, expectedRevision),
    );
    void reply.header('ETag', `"${result.revision}"`);
    return result;
  }
}

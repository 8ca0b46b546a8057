import { Body, Controller, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MessageMetadata } from '@sensei/domain';
import type { FastifyReply } from 'fastify';
import { RequireRole } from '../../auth/access.decorators';
import { CommandResponses } from '../shared/command-endpoint.decorator';
import { CommandAcceptedResponse } from '../shared/command-accepted.response';
import { newId } from '../shared/ids';
import { toPlain } from '../shared/to-plain';
import { CommandMetadata } from '../shared/request-context';
import { CreateMigrationCommand } from './create-migration.command';
import { CreateMigrationRequestDto } from './create-migration.request.dto';

@ApiTags('migrations')
@Controller('migrations')
export class CreateMigrationHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Request a migration from a source store to a target store' })
  @ApiCreatedResponse({
    type: CommandAcceptedResponse,
    headers: { Location: { description: 'Events of the new migration' } },
  })
  @CommandResponses()
  async create(
    @Body() body: CreateMigrationRequestDto,
    @CommandMetadata() metadata: MessageMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAcceptedResponse> {
    const { migrationId = newId(), source, target, config } = toPlain(body);
    const result = await this.commandBus.execute(
      new CreateMigrationCommand(migrationId, source, target, config, metadata),
    );
    void reply
      .header('Location', `/migrations/${migrationId}/events`)
      .header('ETag', `"${result.revision}"`);
    return result;
  }
}

import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandAcceptedResponse } from '../shared/command-accepted.response';
import { LifecycleCommand } from '../shared/command-endpoint.decorator';
import { newId } from '../shared/ids';
import { type CommandEnvelope, MigrationCommandSender } from '../shared/migration-command.sender';
import { MappingIdParams } from '../shared/migration-id.params';
import { MigrationCommandEnvelope } from '../shared/request-context';
import { toPlain } from '../shared/to-plain';
import {
  ApproveMappingRequestDto,
  EditMappingRequestDto,
  ProposeMappingRequestDto,
  RejectMappingRequestDto,
} from './mappings.request.dto';

@ApiTags('mappings')
@Controller('migrations/:id/mappings')
export class MappingsHttpController {
  constructor(private readonly sender: MigrationCommandSender) {}

  @Post()
  @LifecycleCommand('Propose a column mapping; confident ones are approved at once')
  propose(
    @Body() body: ProposeMappingRequestDto,
    @MigrationCommandEnvelope() envelope: CommandEnvelope,
  ): Promise<CommandAcceptedResponse> {
    const { mappingId = newId(), ...mapping } = toPlain(body);
    return this.sender.send('ProposeMapping', { mappingId, ...mapping }, envelope);
  }

  @Post(':mappingId/approve')
  @LifecycleCommand('Approve a mapping under review', 'approver')
  approve(
    @Param() { mappingId }: MappingIdParams,
    @Body() body: ApproveMappingRequestDto,
    @MigrationCommandEnvelope() envelope: CommandEnvelope,
  ): Promise<CommandAcceptedResponse> {
    return this.sender.send('ApproveMapping', { mappingId, ...toPlain(body) }, envelope);
  }

  @Post(':mappingId/reject')
  @LifecycleCommand('Reject a mapping under review', 'approver')
  reject(
    @Param() { mappingId }: MappingIdParams,
    @Body() { reason }: RejectMappingRequestDto,
    @MigrationCommandEnvelope() envelope: CommandEnvelope,
  ): Promise<CommandAcceptedResponse> {
    return this.sender.send('RejectMapping', { mappingId, reason }, envelope);
  }

  @Post(':mappingId/edit')
  @LifecycleCommand('Replace a mapping by a corrected one, approved by the editor', 'approver')
  edit(
    @Param() { mappingId }: MappingIdParams,
    @Body() body: EditMappingRequestDto,
    @MigrationCommandEnvelope() envelope: CommandEnvelope,
  ): Promise<CommandAcceptedResponse> {
    const { newMappingId = newId(), changes } = toPlain(body);
    return this.sender.send('EditMapping', { mappingId, newMappingId, changes }, envelope);
  }
}

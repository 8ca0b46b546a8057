import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ArtifactStore } from '@sensei/infra';
import type { CertificateSigner } from '@sensei/kora';
import { ARTIFACT_STORE, CERTIFICATE_SIGNER } from '../../adapters/tokens';
import type { CommandAcceptedResponse } from '../shared/command-accepted.response';
import { LifecycleCommand } from '../shared/command-endpoint.decorator';
import { newId } from '../shared/ids';
import { type CommandEnvelope, MigrationCommandSender } from '../shared/migration-command.sender';
import { MigrationCommandEnvelope } from '../shared/request-context';
import { toPlain } from '../shared/to-plain';
import {
  CompleteIngestionRequestDto,
  CompleteTransformationRequestDto,
  ConfirmDeliveryRequestDto,
  EmptyRequestDto,
  IssueCertificateRequestDto,
} from './lifecycle.request.dto';
import { assertKoraPassed } from './kora-certificate.check';

/** The four phases: ingestion, transformation, verification (certificate), delivery. */
@ApiTags('phases')
@Controller('migrations/:id')
export class PhasesHttpController {
  constructor(
    private readonly sender: MigrationCommandSender,
    @Inject(ARTIFACT_STORE) private readonly artifacts: ArtifactStore,
    @Inject(CERTIFICATE_SIGNER) private readonly signer: CertificateSigner,
  ) {}

  @Post('ingestion/start')
  @LifecycleCommand('Start ingestion of a requested migration')
  startIngestion(
    @Body() _body: EmptyRequestDto,
    @MigrationCommandEnvelope() envelope: CommandEnvelope,
  ): Promise<CommandAcceptedResponse> {
    return this.sender.send('StartIngestion', {}, envelope);
  }

  @Post('ingestion/complete')
  @LifecycleCommand('Record the ingestion checkpoint (manifest hash, tables)')
  completeIngestion(
    @Body() body: CompleteIngestionRequestDto,
    @MigrationCommandEnvelope() envelope: CommandEnvelope,
  ): Promise<CommandAcceptedResponse> {
    return this.sender.send('CompleteIngestion', toPlain(body), envelope);
  }

  @Post('transformation/start')
  @LifecycleCommand('Start transformation: compiles every approved mapping')
  startTransformation(
    @Body() _body: EmptyRequestDto,
    @MigrationCommandEnvelope() envelope: CommandEnvelope,
  ): Promise<CommandAcceptedResponse> {
    return this.sender.send('StartTransformation', {}, envelope);
  }

  @Post('transformation/complete')
  @LifecycleCommand('Record the transformation checkpoint (SQL hash, output manifest, lineage)')
  completeTransformation(
    @Body() body: CompleteTransformationRequestDto,
    @MigrationCommandEnvelope() envelope: CommandEnvelope,
  ): Promise<CommandAcceptedResponse> {
    return this.sender.send('CompleteTransformation', toPlain(body), envelope);
  }

  @Post('verification/start')
  @LifecycleCommand('Start verification of the transformed output')
  startVerification(
    @Body() _body: EmptyRequestDto,
    @MigrationCommandEnvelope() envelope: CommandEnvelope,
  ): Promise<CommandAcceptedResponse> {
    return this.sender.send('StartVerification', {}, envelope);
  }

  @Post('certificate')
  @LifecycleCommand(
    "Record a certificate; FAILED or INCONCLUSIVE halts the migration. PASSED must name a KORA certificate (documentHash) signed with this installation's key",
  )
  async issueCertificate(
    @Param('id') migrationId: string,
    @Body() body: IssueCertificateRequestDto,
    @MigrationCommandEnvelope() envelope: CommandEnvelope,
  ): Promise<CommandAcceptedResponse> {
    const { certificateId = newId(), ...certificate } = toPlain(body);
    if (certificate.status !== 'PASSED') {
      return this.sender.send('IssueCertificate', { certificateId, ...certificate }, envelope);
    }
    const kora = await assertKoraPassed(
      migrationId,
      certificate.documentHash,
      this.artifacts,
      this.signer,
    );
    return this.sender.send('IssueCertificate', { ...certificate, ...kora }, envelope);
  }

  @Post('delivery/start')
  @LifecycleCommand('Start delivery to the target; needs a PASSED certificate')
  startDelivery(
    @Body() _body: EmptyRequestDto,
    @MigrationCommandEnvelope() envelope: CommandEnvelope,
  ): Promise<CommandAcceptedResponse> {
    return this.sender.send('StartDelivery', {}, envelope);
  }

  @Post('delivery/confirm')
  @LifecycleCommand('Record the delivery receipt (rows per table, checksum)')
  confirmDelivery(
    @Body() body: ConfirmDeliveryRequestDto,
    @MigrationCommandEnvelope() envelope: CommandEnvelope,
  ): Promise<CommandAcceptedResponse> {
    return this.sender.send('ConfirmDelivery', { receipt: toPlain(body) }, envelope);
  }
}

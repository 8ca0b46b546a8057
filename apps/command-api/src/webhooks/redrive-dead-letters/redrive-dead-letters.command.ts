import { Command } from '@nestjs/cqrs';
import type { RedriveResponseDto } from '../shared/webhook.response.dto';

export class RedriveDeadLettersCommand extends Command<RedriveResponseDto> {
  constructor(
    readonly webhookId: string,
    readonly position: number | undefined,
  ) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import type { WebhookResponseDto } from '../shared/webhook.response.dto';

export class ListWebhooksQuery extends Query<WebhookResponseDto[]> {
  constructor(readonly includeDeleted: boolean) {
    super();
  }
}

export class GetWebhookQuery extends Query<WebhookResponseDto> {
  constructor(readonly webhookId: string) {
    super();
  }
}

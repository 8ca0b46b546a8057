import { Query } from '@nestjs/cqrs';
import type { DeadLetterState } from '@sensei/infra';
import type { DeadLetterPageDto, DeliveryLogPageDto } from '../shared/webhook.response.dto';

export class ListDeliveriesQuery extends Query<DeliveryLogPageDto> {
  constructor(
    readonly webhookId: string,
    readonly after: number,
    readonly limit: number,
  ) {
    super();
  }
}

export class ListDeadLettersQuery extends Query<DeadLetterPageDto> {
  constructor(
    readonly webhookId: string,
    readonly after: number,
    readonly limit: number,
    readonly state: DeadLetterState | undefined,
  ) {
    super();
  }
}

import type { DeliveryCursor, Webhook } from '@sensei/infra';
import type { DeliveryStatusDto, WebhookResponseDto } from './webhook.response.dto';

const deliveryOf = (webhook: Webhook, cursor: DeliveryCursor | undefined): DeliveryStatusDto => {
  if (!cursor) {
    return {
      position: webhook.startPosition,
      deliveredCount: 0,
      failedAttempts: 0,
      deadLetterCount: 0,
    };
  }
  const { webhookId: _id, updatedAt: _updated, ...status } = cursor;
  return status;
};

/** A webhook as the API shows it: its registration (from its stream) and its delivery status. */
export const webhookView = (
  webhook: Webhook,
  cursor: DeliveryCursor | undefined,
): WebhookResponseDto => {
  const { filter, ...registration } = webhook;
  return {
    ...registration,
    types: [...(filter.types ?? [])],
    ...(filter.streamPrefix ? { streamPrefix: filter.streamPrefix } : {}),
    ...(filter.migrationId ? { migrationId: filter.migrationId } : {}),
    delivery: deliveryOf(webhook, cursor),
  };
};

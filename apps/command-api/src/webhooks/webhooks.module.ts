import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { DeleteWebhookHandler } from './delete-webhook/delete-webhook.handler';
import { DeleteWebhookHttpController } from './delete-webhook/delete-webhook.http.controller';
import { GetWebhookHandler, ListWebhooksHandler } from './get-webhooks/get-webhooks.handler';
import { GetWebhooksHttpController } from './get-webhooks/get-webhooks.http.controller';
import { RedriveDeadLettersHandler } from './redrive-dead-letters/redrive-dead-letters.handler';
import { RedriveDeadLettersHttpController } from './redrive-dead-letters/redrive-dead-letters.http.controller';
import { RegisterWebhookHandler } from './register-webhook/register-webhook.handler';
import { RegisterWebhookHttpController } from './register-webhook/register-webhook.http.controller';
import { InlineWebhooks } from './shared/inline-webhooks';
import { webhookRegistryProvider, webhookStoreProvider } from './shared/webhook.providers';
import {
  ListDeadLettersHandler,
  ListDeliveriesHandler,
} from './webhook-deliveries/webhook-deliveries.handler';
import { WebhookDeliveriesHttpController } from './webhook-deliveries/webhook-deliveries.http.controller';

const controllers = [
  RegisterWebhookHttpController,
  GetWebhooksHttpController,
  DeleteWebhookHttpController,
  WebhookDeliveriesHttpController,
  RedriveDeadLettersHttpController,
];
const commandHandlers = [RegisterWebhookHandler, DeleteWebhookHandler, RedriveDeadLettersHandler];
const queryHandlers = [
  ListWebhooksHandler,
  GetWebhookHandler,
  ListDeliveriesHandler,
  ListDeadLettersHandler,
];
const adapters = [webhookStoreProvider, webhookRegistryProvider];
const services = [InlineWebhooks];

/** Webhook registrations (event-sourced), delivery status, log, dead letters, inline dispatcher. */
@Module({
  imports: [EventsModule],
  controllers,
  providers: [...adapters, ...commandHandlers, ...queryHandlers, ...services],
})
export class WebhooksModule {}

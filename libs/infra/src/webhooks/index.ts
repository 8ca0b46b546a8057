// Read side (issue 5): integration subscriptions (Server-Sent Events and webhooks).
export * from './event-filter';
export * from './event-log-reader';
export * from './server-sent-events';
export * from './webhook-signature';
export * from './webhook-registration';
export * from './webhook-registry';
export * from './webhook-retry-policy';
export * from './webhook-rows';
export { type Page, WebhookStore } from './webhook-store';
export { type AttemptResult, LeaseLostError } from './webhook-delivery-ledger';
export { sendWebhook, webhookBody, type FetchLike } from './webhook-sender';
export * from './webhook-dispatcher';

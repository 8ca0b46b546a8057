import { createHmac } from 'node:crypto';
import type { SubscriptionsConfig } from '../../src/config/command-api.config';
import type { ReceivedRequest } from './webhook-receiver';

/** Inline webhooks with test-sized backoff: 20 ms doubling to 200 ms. */
export const fastWebhooks = (
  overrides: Partial<SubscriptionsConfig> = {},
): SubscriptionsConfig => ({
  webhooks: 'inline',
  heartbeatMs: 15_000,
  webhookMaxAttempts: 8,
  webhookBackoffMs: 20,
  webhookBackoffCapMs: 200,
  webhookTimeoutMs: 2000,
  ...overrides,
});

/** The receiver's own check, written from the documented scheme (not with Sensei's helper). */
export const signatureVerifies = (secret: string, request: ReceivedRequest): boolean => {
  const timestamp = String(request.headers['x-sensei-timestamp']);
  const expected = createHmac('sha256', secret)
    .update(`${timestamp}.${request.body}`)
    .digest('hex');
  return request.headers['x-sensei-signature'] === `sha256=${expected}`;
};

export const eventIdOf = (request: ReceivedRequest): string =>
  String(request.headers['x-sensei-event-id']);

/** What a receiver that dedupes by event id keeps: the first copy of each, in arrival order. */
export const dedupe = (requests: ReceivedRequest[]): Array<{ id: string; position: number }> => {
  const seen = new Set<string>();
  return requests.flatMap((request) => {
    const id = eventIdOf(request);
    if (seen.has(id)) return [];
    seen.add(id);
    return [{ id, position: (JSON.parse(request.body) as { position: number }).position }];
  });
};

export const waitUntil = async (
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

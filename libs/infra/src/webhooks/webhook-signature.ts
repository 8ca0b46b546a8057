import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The signature scheme (after Stripe's): `X-Sensei-Timestamp: <unix seconds>` and
 * `X-Sensei-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`. Signing the
 * timestamp with the body lets a receiver refuse a replayed request older than its tolerance.
 */
export const SIGNATURE_HEADER = 'X-Sensei-Signature';
export const TIMESTAMP_HEADER = 'X-Sensei-Timestamp';
export const EVENT_ID_HEADER = 'X-Sensei-Event-Id';
export const EVENT_POSITION_HEADER = 'X-Sensei-Event-Position';
export const EVENT_TYPE_HEADER = 'X-Sensei-Event-Type';
export const WEBHOOK_ID_HEADER = 'X-Sensei-Webhook-Id';
export const ATTEMPT_HEADER = 'X-Sensei-Delivery-Attempt';

const SECRET_PREFIX = 'whsec_';

/** 32 random bytes, the secret a webhook gets when its registration names none. */
export const generateWebhookSecret = (): string =>
  SECRET_PREFIX + randomBytes(32).toString('base64url');

export const signWebhookPayload = (secret: string, timestamp: number, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

export interface SignedWebhookRequest {
  secret: string;
  /** The raw body as received (not re-serialised JSON). */
  body: string;
  timestamp: string | number;
  signature: string;
  /** Oldest accepted timestamp, in seconds before `nowSeconds` (default 300). */
  toleranceSeconds?: number;
  nowSeconds?: number;
}

/** What a receiver runs: the signature matches (constant time) and the timestamp is fresh. */
export const verifyWebhookSignature = (request: SignedWebhookRequest): boolean => {
  const timestamp = Number(request.timestamp);
  if (!Number.isInteger(timestamp)) return false;
  const now = request.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (request.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhookPayload(request.secret, timestamp, request.body));
  const given = Buffer.from(request.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
};

import { createHmac } from 'node:crypto';
import {
  generateWebhookSecret,
  signWebhookPayload,
  verifyWebhookSignature,
} from './webhook-signature';

describe('webhook signatures', () => {
  const secret = generateWebhookSecret();
  const body = JSON.stringify({ id: 'e1', position: 7 });
  const timestamp = 1_700_000_000;

  it('is sha256=HMAC-SHA256(secret, "<timestamp>.<body>") in hex, as documented', () => {
    const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
    expect(signWebhookPayload(secret, timestamp, body)).toBe(`sha256=${expected}`);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  it('verifies a fresh, intact request and refuses a changed body, another secret or an old one', () => {
    const signature = signWebhookPayload(secret, timestamp, body);
    const request = { secret, body, timestamp, signature, nowSeconds: timestamp + 10 };
    expect(verifyWebhookSignature(request)).toBe(true);
    expect(verifyWebhookSignature({ ...request, body: body.replace('7', '8') })).toBe(false);
    expect(verifyWebhookSignature({ ...request, secret: generateWebhookSecret() })).toBe(false);
    expect(verifyWebhookSignature({ ...request, nowSeconds: timestamp + 301 })).toBe(false);
    expect(verifyWebhookSignature({ ...request, timestamp: 'soon' })).toBe(false);
    expect(verifyWebhookSignature({ ...request, signature: 'sha256=00' })).toBe(false);
  });
});

import { defaultWebhookRetryPolicy, retryDelayMs } from './webhook-retry-policy';

describe('webhook retry delays', () => {
  const policy = defaultWebhookRetryPolicy;

  it('doubles from 1 s and stops at 5 min, jitter taking at most half', () => {
    const lowest = (attempt: number) => retryDelayMs(attempt, policy, () => 0);
    const highest = (attempt: number) => retryDelayMs(attempt, policy, () => 1);
    expect([1, 2, 3, 4].map(highest)).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map(lowest)).toEqual([500, 1000, 2000, 4000]);
    expect(highest(20)).toBe(300_000);
    expect(lowest(20)).toBe(150_000);
  });

  it('gives 8 attempts over about 2 minutes by default', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7].map((attempt) => retryDelayMs(attempt, policy, () => 1));
    expect(policy.maxAttempts).toBe(8);
    expect(waits.reduce((sum, wait) => sum + wait, 0)).toBe(127_000);
  });
});

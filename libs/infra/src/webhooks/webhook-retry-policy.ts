/** How hard the dispatcher tries one event before it becomes a dead letter. */
export interface WebhookRetryPolicy {
  /** Attempts per event, the first included (default 8). */
  maxAttempts: number;
  /** Delay after the first failure; it doubles after each (default 1 s). */
  backoffBaseMs: number;
  /** Longest delay between two attempts (default 5 min). */
  backoffCapMs: number;
  /** Per request: no answer in time is a failed attempt (default 10 s). */
  timeoutMs: number;
}

export const defaultWebhookRetryPolicy: WebhookRetryPolicy = {
  maxAttempts: 8,
  backoffBaseMs: 1000,
  backoffCapMs: 5 * 60_000,
  timeoutMs: 10_000,
};

/**
 * Exponential backoff with "equal jitter": half the doubled delay, plus a random share of the
 * other half, so receivers coming back from an outage are not hit by every webhook at once.
 */
export const retryDelayMs = (
  failedAttempts: number,
  policy: Pick<WebhookRetryPolicy, 'backoffBaseMs' | 'backoffCapMs'>,
  random: () => number = Math.random,
): number => {
  const exponential = policy.backoffBaseMs * 2 ** Math.max(0, failedAttempts - 1);
  const delay = Math.min(policy.backoffCapMs, exponential);
  return Math.round(delay / 2 + random() * (delay / 2));
};

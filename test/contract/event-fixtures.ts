import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../../libs/infra/src/event-store/event-store.port';

/** A valid new event; every id is unique unless one is given. */
export const newEvent = (overrides: Partial<NewEvent> = {}): NewEvent => ({
  id: randomUUID(),
  type: 'ThingHappened',
  data: { value: 1 },
  metadata: {
    correlationId: 'correlation-1',
    causationId: 'causation-1',
    actor: 'user:test',
    timestamp: '2026-01-01T00:00:00.000Z',
  },
  ...overrides,
});

export const newEvents = (count: number, type = 'ThingHappened'): NewEvent[] =>
  Array.from({ length: count }, (_, index) => newEvent({ type, data: { index } }));

export const uniqueStreamId = (prefix = 'stream'): string => `${prefix}-${randomUUID()}`;

/** Polls `condition` until it holds or `timeoutMs` passes (for asynchronous delivery). */
export const eventually = async (
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

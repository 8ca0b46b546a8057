import type { RecordedEvent } from '../event-store/event-store.port';
import { matchesFilter } from './event-filter';
import { foldWebhook } from './webhook-registration';

const recorded = (
  type: string,
  data: unknown,
  revision: number,
  position: number,
): RecordedEvent => ({
  id: `e${position}`,
  streamId: 'webhook-w1',
  revision,
  position,
  type,
  schemaVersion: 1,
  data,
  metadata: {
    correlationId: 'c',
    causationId: 'c',
    actor: `user:u${revision}`,
    timestamp: `t${revision}`,
  },
  hash: 'h',
  prevHash: 'p',
  recordedAt: 't',
});

describe('webhook registrations', () => {
  const registered = recorded(
    'WebhookRegistered',
    {
      webhookId: 'w1',
      url: 'https://x/y',
      types: ['A'],
      streamPrefix: null,
      migrationId: 'm1',
      fromPosition: null,
    },
    0,
    42,
  );

  it('folds a registration: filter, start after the registration itself, who and when', () => {
    expect(foldWebhook([registered])).toEqual({
      webhookId: 'w1',
      url: 'https://x/y',
      filter: { types: ['A'], migrationId: 'm1' },
      startPosition: 42,
      status: 'active',
      registeredAt: 't0',
      registeredBy: 'user:u0',
      revision: 0,
    });
    expect(foldWebhook([])).toBeUndefined();
  });

  it('folds a deletion', () => {
    const deleted = recorded('WebhookDeleted', { webhookId: 'w1', reason: null }, 1, 50);
    expect(foldWebhook([registered, deleted])).toMatchObject({
      status: 'deleted',
      deletedAt: 't1',
      deletedBy: 'user:u1',
      revision: 1,
    });
  });

  it('matches events on every part of a filter', () => {
    const event = { type: 'A', streamId: 'migration-m1', data: { migrationId: 'm1' } };
    expect(matchesFilter(event, {})).toBe(true);
    expect(
      matchesFilter(event, { types: ['A', 'B'], streamPrefix: 'migration-', migrationId: 'm1' }),
    ).toBe(true);
    expect(matchesFilter(event, { types: ['B'] })).toBe(false);
    expect(matchesFilter(event, { streamPrefix: 'webhook-' })).toBe(false);
    expect(matchesFilter(event, { migrationId: 'm2' })).toBe(false);
    expect(matchesFilter({ ...event, data: null }, { migrationId: 'm1' })).toBe(false);
  });
});

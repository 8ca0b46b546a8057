import { VersionConflictError } from '../event-store.port';
import { planBatch, type BatchStartState } from './append-plan';
import { validateAppend } from './append-validation';
import { genesisHash } from './event-hash';

const metadata = {
  correlationId: 'c',
  causationId: 'c',
  actor: 'a',
  timestamp: '2026-01-01T00:00:00Z',
};
const append = (
  streamId: string,
  ids: string[],
  expectedRevision: 'any' | 'no_stream' | number = 'any',
) =>
  validateAppend(
    streamId,
    ids.map((id) => ({ id, type: 'T', data: { id }, metadata })),
    expectedRevision,
  );
const start: BatchStartState = {
  headPosition: 10,
  heads: new Map([['a', { revision: 4, lastPosition: 10, lastHash: 'h-a' }]]),
  storedIds: new Map([['stored', { streamId: 'a', revision: 4, position: 10 }]]),
};

describe('planBatch', () => {
  it('continues positions from the head and revisions per stream, chaining hashes inside the batch', () => {
    const plan = planBatch(
      [append('a', ['1', '2']), append('b', ['3']), append('a', ['4'])],
      start,
    );

    expect(plan.rows.map((r) => [r.event_id, r.stream_id, r.revision, r.position])).toEqual([
      ['1', 'a', 5, 11],
      ['2', 'a', 6, 12],
      ['3', 'b', 0, 13],
      ['4', 'a', 7, 14],
    ]);
    expect(plan.rows[0]!.prev_hash).toBe('h-a');
    expect(plan.rows[3]!.prev_hash).toBe(plan.rows[1]!.hash);
    expect(plan.rows[2]!.prev_hash).toBe(genesisHash);
    expect(plan.headPosition).toBe(14);
    expect(plan.changedHeads.get('a')).toEqual({
      revision: 7,
      lastPosition: 14,
      lastHash: plan.rows[3]!.hash,
    });
  });

  it('checks each expected revision against the appends before it in the batch', () => {
    const plan = planBatch(
      [append('b', ['1'], 'no_stream'), append('b', ['2'], 'no_stream'), append('b', ['3'], 0)],
      start,
    );

    expect(plan.outcomes[0]).toEqual({
      ok: true,
      result: { nextExpectedRevision: 0, position: 11 },
    });
    expect(plan.outcomes[1]).toMatchObject({ ok: false, error: expect.any(VersionConflictError) });
    expect(plan.outcomes[2]).toEqual({
      ok: true,
      result: { nextExpectedRevision: 1, position: 12 },
    });
    expect(plan.rows.map((r) => r.position)).toEqual([11, 12]);
  });

  it('answers a repeated append with the first result, and refuses ids reused in part', () => {
    const plan = planBatch(
      [
        append('b', ['1', '2']),
        append('b', ['1', '2'], 'no_stream'),
        append('a', ['stored']),
        append('a', ['stored', '9']),
      ],
      start,
    );

    expect(plan.outcomes.slice(0, 3)).toEqual([
      { ok: true, result: { nextExpectedRevision: 1, position: 12 } },
      { ok: true, result: { nextExpectedRevision: 1, position: 12 } },
      { ok: true, result: { nextExpectedRevision: 4, position: 10 } },
    ]);
    expect(plan.outcomes[3]).toMatchObject({
      ok: false,
      error: { code: 'STREAM.IDEMPOTENCY_MISMATCH' },
    });
    expect(plan.rows).toHaveLength(2);
  });
});

import type { RecordedEvent } from '../../../event-store/event-store.port';
import { activityRowOf } from './activity-row';

const recorded = (
  type: string,
  data: unknown,
  actor = 'cli:root/agent:architect',
): RecordedEvent => ({
  id: 'evt-1',
  streamId: 'migration-m-1',
  revision: 4,
  position: 42,
  type,
  schemaVersion: 1,
  data,
  metadata: {
    actor,
    correlationId: 'corr-1',
    causationId: 'cause-1',
    timestamp: '2026-01-01T00:00:00.000Z',
  },
  hash: 'h',
  prevHash: 'p',
  recordedAt: '2026-01-01T00:00:01.000Z',
});

describe('the audit log entry', () => {
  it('says who decided what, why, and under which correlation', () => {
    expect(
      activityRowOf(
        recorded(
          'MappingRejected',
          {
            migrationId: 'm-1',
            mappingId: 'map:a',
            rejectedBy: 'cli:rita',
            reason: 'codes, not labels',
          },
          'cli:rita',
        ),
      ),
    ).toEqual({
      position: 42,
      migration_id: 'm-1',
      stream_id: 'migration-m-1',
      revision: 4,
      event_type: 'MappingRejected',
      actor: 'cli:rita',
      reason: 'codes, not labels',
      correlation_id: 'corr-1',
      causation_id: 'cause-1',
      occurred_at: '2026-01-01T00:00:00.000Z',
      summary: 'rejected map:a',
    });
  });

  it('summarises an automatic approval with the numbers behind it', () => {
    const row = activityRowOf(
      recorded('MappingApproved', {
        migrationId: 'm-1',
        mappingId: 'map:a',
        approvedBy: 'system:auto-approval',
        autoApproval: { confidence: 0.99, threshold: 0.92 },
      }),
    );
    expect(row.summary).toBe('approved map:a automatically (confidence 0.99 >= 0.92)');
    expect(row.reason).toBeNull();
  });

  it('records events of other aggregates and events whose data it cannot read', () => {
    expect(activityRowOf(recorded('PlanSubmitted', { planId: 'p-1' }))).toMatchObject({
      migration_id: null,
      summary: 'PlanSubmitted',
    });
    expect(
      activityRowOf(recorded('IngestionCompleted', { migrationId: 'm-1', tables: null })),
    ).toMatchObject({
      migration_id: 'm-1',
      summary: 'IngestionCompleted',
    });
  });
});

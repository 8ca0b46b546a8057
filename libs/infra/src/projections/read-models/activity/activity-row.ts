import type { RecordedEvent } from '../../../event-store/event-store.port';
import { RowTable } from '../../row-table';
import { migrationFact, type MigrationFact } from '../migration-facts';

/** One row of `read.activity`: the audit log, one entry per event in position order. */
export interface ActivityRow {
  position: number;
  migration_id: string | null;
  stream_id: string;
  revision: number;
  event_type: string;
  actor: string;
  reason: string | null;
  correlation_id: string;
  causation_id: string;
  occurred_at: string;
  summary: string;
}

export const activityTable = new RowTable<ActivityRow>(
  'activity',
  [
    { name: 'position', type: 'bigint' },
    { name: 'migration_id', type: 'text' },
    { name: 'stream_id', type: 'text', constraint: 'NOT NULL' },
    { name: 'revision', type: 'integer', constraint: 'NOT NULL' },
    { name: 'event_type', type: 'text', constraint: 'NOT NULL' },
    { name: 'actor', type: 'text', constraint: 'NOT NULL' },
    { name: 'reason', type: 'text' },
    { name: 'correlation_id', type: 'text', constraint: 'NOT NULL' },
    { name: 'causation_id', type: 'text', constraint: 'NOT NULL' },
    { name: 'occurred_at', type: 'timestamptz', constraint: 'NOT NULL' },
    { name: 'summary', type: 'text', constraint: 'NOT NULL' },
  ],
  ['position'],
);

const percent = (value: number) => value.toFixed(2);

/** One line a compliance reviewer can read without opening the event. */
export const summaryOf = (fact: MigrationFact): string => {
  switch (fact.type) {
    case 'MigrationRequested': {
      const { source, target } = fact.data;
      return `requested ${source.kind}:${source.uri} -> ${target.kind}:${target.uri}`;
    }
    case 'IngestionStarted':
      return 'ingestion started';
    case 'IngestionCompleted':
      return `ingested ${fact.data.rowCount} rows from ${fact.data.tables.length} tables`;
    case 'MappingProposed': {
      const m = fact.data;
      return `proposed ${m.sourceTable}.${m.sourceColumn} -> ${m.targetTable}.${m.targetColumn} (confidence ${percent(m.confidence)})`;
    }
    case 'MappingApproved':
      return fact.data.autoApproval
        ? `approved ${fact.data.mappingId} automatically (confidence ${percent(fact.data.autoApproval.confidence)} >= ${percent(fact.data.autoApproval.threshold)})`
        : `approved ${fact.data.mappingId}`;
    case 'MappingSentToReview':
      return `sent ${fact.data.mappingId} to review (${fact.data.reason})`;
    case 'MappingRejected':
      return `rejected ${fact.data.mappingId}`;
    case 'MappingSuperseded':
      return `replaced ${fact.data.mappingId} by ${fact.data.supersededBy}`;
    case 'TransformationStarted':
      return `transformation started with ${fact.data.mappingIds.length} mappings`;
    case 'TransformationCompleted':
      return `transformation completed (${fact.data.lineage.length} lineage edges)`;
    case 'VerificationStarted':
      return 'verification started';
    case 'CertificateIssued':
      return `certificate ${fact.data.certificate.certificateId} ${fact.data.certificate.status}`;
    case 'DeliveryStarted':
      return `delivery started under certificate ${fact.data.certificateId}`;
    case 'DeliveryConfirmed':
      return `delivered ${fact.data.rowCount} rows`;
    case 'MigrationCompleted':
      return `completed: ${fact.data.rowCount} rows delivered`;
    case 'MigrationHalted':
      return `halted in ${fact.data.haltedIn}`;
    case 'MigrationResumed':
      return `resumed to ${fact.data.resumedTo}`;
    case 'MigrationCancelled':
      return `cancelled in ${fact.data.cancelledIn}`;
  }
};

/** The reason a human or agent gave with the decision, when the event carries one. */
export const reasonOf = (fact: MigrationFact): string | null => {
  switch (fact.type) {
    case 'MappingProposed':
      return fact.data.rationale;
    case 'MappingApproved':
      return fact.data.note ?? null;
    case 'MappingSentToReview':
      return fact.data.conflictsWith
        ? `${fact.data.reason}: conflicts with ${fact.data.conflictsWith}`
        : fact.data.reason;
    case 'MappingRejected':
    case 'MigrationHalted':
    case 'MigrationResumed':
    case 'MigrationCancelled':
      return fact.data.reason;
    case 'CertificateIssued':
      return fact.data.certificate.summary ?? null;
    default:
      return null;
  }
};

/** The audit log records every event, even one whose data the other read models choke on. */
const orElse = <T>(read: () => T, fallback: T): T => {
  try {
    return read();
  } catch {
    return fallback;
  }
};

export const activityRowOf = (event: RecordedEvent): ActivityRow => {
  const fact = migrationFact(event);
  const { metadata } = event;
  return {
    position: event.position,
    migration_id: fact?.data.migrationId ?? null,
    stream_id: event.streamId,
    revision: event.revision,
    event_type: event.type,
    actor: metadata.actor,
    reason: fact ? orElse(() => reasonOf(fact), null) : null,
    correlation_id: metadata.correlationId,
    causation_id: metadata.causationId,
    occurred_at: metadata.timestamp,
    summary: fact ? orElse(() => summaryOf(fact), event.type) : event.type,
  };
};

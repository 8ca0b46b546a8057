import { type MigrationEvent, type MigrationEventType, migrationEventTypes } from '@sensei/domain';

/** What a compliance reader wants from one event: a line saying what was decided, and why. */
export interface DecisionText {
  summary: string;
  /** The reason given or recorded for the decision; absent where the event records none. */
  reason?: string;
}

const short = (hash: string) => hash.slice(0, 12);
const totalRows = (rowsPerTable: Record<string, number>) =>
  Object.values(rowsPerTable).reduce((sum, rows) => sum + rows, 0);
const isMigrationEvent = (type: string): type is MigrationEventType =>
  (migrationEventTypes as readonly string[]).includes(type);

const describeMigrationEvent = (event: MigrationEvent): DecisionText => {
  switch (event.type) {
    case 'MigrationRequested': {
      const { source, target, requestedBy } = event.data;
      return {
        summary: `${requestedBy} requested the migration of ${source.kind} ${source.uri} into ${target.kind} ${target.uri}`,
      };
    }
    case 'IngestionStarted':
      return { summary: 'ingestion started' };
    case 'IngestionCompleted': {
      const { tables, rowCount, manifestHash } = event.data;
      const pii = tables.reduce((sum, table) => sum + (table.piiColumns?.length ?? 0), 0);
      return {
        summary: `ingested ${rowCount} rows from ${tables.length} tables (manifest ${short(manifestHash)}), ${pii} PII columns flagged`,
      };
    }
    case 'MappingProposed': {
      const m = event.data;
      const via = m.expression ? ` via ${m.expression}` : '';
      const edit = m.supersedes ? `, replacing ${m.supersedes}` : '';
      return {
        summary: `${m.proposedBy} proposed ${m.sourceTable}.${m.sourceColumn} -> ${m.targetTable}.${m.targetColumn}${via} (confidence ${m.confidence}${edit})`,
        reason: m.rationale,
      };
    }
    case 'MappingApproved': {
      const { mappingId, approvedBy, note, autoApproval } = event.data;
      const auto = autoApproval
        ? `confidence ${autoApproval.confidence} >= review threshold ${autoApproval.threshold}`
        : undefined;
      return { summary: `${approvedBy} approved ${mappingId}`, reason: note ?? auto };
    }
    case 'MappingSentToReview': {
      const { mappingId, reason, confidence, threshold, conflictsWith } = event.data;
      const why =
        reason === 'target_conflict'
          ? `its target column is already filled by ${conflictsWith ?? 'an approved mapping'}`
          : `confidence ${confidence} < review threshold ${threshold}`;
      return { summary: `sent ${mappingId} to human review`, reason: why };
    }
    case 'MappingRejected':
      return {
        summary: `${event.data.rejectedBy} rejected ${event.data.mappingId}`,
        reason: event.data.reason,
      };
    case 'MappingSuperseded':
      return {
        summary: `${event.data.editedBy} replaced ${event.data.mappingId} by ${event.data.supersededBy}`,
      };
    case 'TransformationStarted':
      return {
        summary: `transformation started with ${event.data.mappingIds.length} approved mappings`,
      };
    case 'TransformationCompleted': {
      const { rowCount, sqlHash, lineage } = event.data;
      return {
        summary: `transformed ${rowCount ?? '?'} rows with sql ${short(sqlHash)}, ${lineage.length} lineage edges`,
      };
    }
    case 'VerificationStarted':
      return { summary: 'verification started' };
    case 'CertificateIssued': {
      const { certificateId, status, issuedBy, summary } = event.data.certificate;
      return {
        summary: `${issuedBy} issued certificate ${certificateId}: ${status}`,
        reason: summary,
      };
    }
    case 'DeliveryStarted':
      return { summary: `delivery started under certificate ${event.data.certificateId}` };
    case 'DeliveryConfirmed': {
      const { rowsPerTable, batchCount, checksum } = event.data.receipt;
      return {
        summary: `delivered ${totalRows(rowsPerTable)} rows into ${Object.keys(rowsPerTable).length} tables in ${batchCount ?? '?'} batches, checksum ${short(checksum)}`,
      };
    }
    case 'MigrationCompleted':
      return {
        summary: `completed: ${event.data.rowCount} rows under certificate ${event.data.certificateId}`,
      };
    case 'MigrationHalted':
      return {
        summary: `${event.data.haltedBy} halted the migration while ${event.data.haltedIn}`,
        reason: event.data.reason,
      };
    case 'MigrationResumed':
      return {
        summary: `${event.data.resumedBy} resumed the migration to ${event.data.resumedTo}`,
        reason: event.data.reason,
      };
    case 'MigrationCancelled':
      return {
        summary: `${event.data.cancelledBy} cancelled the migration while ${event.data.cancelledIn}`,
        reason: event.data.reason,
      };
  }
};

/** Fields other event types use for a reason, in the order they are looked for. */
const reasonFields = ['reason', 'note', 'rejectionReason', 'haltReason', 'summary'] as const;

const genericReason = (data: unknown): string | undefined => {
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  const field = reasonFields.find((name) => typeof record[name] === 'string');
  return field === undefined ? undefined : (record[field] as string);
};

/**
 * The summary and reason of an event. An event type this version does not know (a newer
 * producer, another aggregate) is still listed, with its type as summary.
 */
export const decisionText = (event: { type: string; data: unknown }): DecisionText => {
  if (isMigrationEvent(event.type)) {
    try {
      return describeMigrationEvent(event as MigrationEvent);
    } catch {
      // Data of an older shape than this version expects: fall through to the generic line.
    }
  }
  return { summary: event.type, reason: genericReason(event.data) };
};

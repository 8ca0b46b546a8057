import { assertNever } from '../shared/decider';
import type { MigrationEvent } from './migration.events';
import type { MappingRecord } from './mapping';
import type { Migration, MigrationState } from './migration.state';

const withMapping = (
  state: Migration,
  mappingId: string,
  update: (mapping: MappingRecord) => MappingRecord,
): Migration => {
  const mapping = state.mappings.get(mappingId);
  if (!mapping) return state;
  return { ...state, mappings: new Map(state.mappings).set(mappingId, update(mapping)) };
};

export const evolve = (state: MigrationState, event: MigrationEvent): MigrationState => {
  if (event.type === 'MigrationRequested') {
    const { migrationId, source, target, config } = event.data;
    return { status: 'requested', migrationId, source, target, config, mappings: new Map() };
  }
  if (state.status === 'empty') return state;

  switch (event.type) {
    case 'IngestionStarted':
      return { ...state, status: 'ingesting' };
    case 'IngestionCompleted': {
      const { migrationId: _, ...ingestion } = event.data;
      return { ...state, status: 'ingested', ingestion };
    }
    case 'MappingProposed': {
      const { migrationId: _, ...proposal } = event.data;
      const mapping: MappingRecord = { ...proposal, status: 'proposed' };
      return { ...state, mappings: new Map(state.mappings).set(mapping.mappingId, mapping) };
    }
    case 'MappingApproved':
      return withMapping(state, event.data.mappingId, (m) => ({
        ...m,
        status: 'approved',
        decidedBy: event.data.approvedBy,
      }));
    case 'MappingSentToReview':
      return withMapping(state, event.data.mappingId, (m) => ({ ...m, status: 'in_review' }));
    case 'MappingRejected':
      return withMapping(state, event.data.mappingId, (m) => ({
        ...m,
        status: 'rejected',
        decidedBy: event.data.rejectedBy,
        rejectionReason: event.data.reason,
      }));
    case 'MappingSuperseded':
      return withMapping(state, event.data.mappingId, (m) => ({
        ...m,
        status: 'superseded',
        decidedBy: event.data.editedBy,
        supersededBy: event.data.supersededBy,
      }));
    case 'TransformationStarted':
      return {
        ...state,
        status: 'transforming',
        transformation: { mappingIds: event.data.mappingIds },
      };
    case 'TransformationCompleted': {
      const { migrationId: _, ...output } = event.data;
      const mappingIds = state.transformation?.mappingIds ?? [];
      return { ...state, status: 'transformed', transformation: { mappingIds, output } };
    }
    case 'VerificationStarted':
      return { ...state, status: 'verifying' };
    case 'CertificateIssued': {
      const { certificate } = event.data;
      // A non-PASSED certificate is always followed by MigrationHalted in the same decision.
      const status = certificate.status === 'PASSED' ? 'verified' : state.status;
      return { ...state, status, certificate };
    }
    case 'DeliveryStarted':
      return {
        ...state,
        status: 'delivering',
        delivery: { certificateId: event.data.certificateId },
      };
    case 'DeliveryConfirmed':
      return {
        ...state,
        delivery: { certificateId: event.data.receipt.certificateId, receipt: event.data.receipt },
      };
    case 'MigrationCompleted':
      return { ...state, status: 'completed' };
    case 'MigrationHalted': {
      const { reason, haltedIn, cause } = event.data;
      return { ...state, status: 'halted', halt: { reason, haltedIn, cause } };
    }
    case 'MigrationResumed': {
      const { halt: _, ...rest } = state;
      return { ...rest, status: event.data.resumedTo };
    }
    case 'MigrationCancelled':
      return { ...state, status: 'cancelled' };
    default:
      return assertNever(event);
  }
};

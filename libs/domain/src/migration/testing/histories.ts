import type { Certificate } from '../certificate';
import type { ColumnMapping } from '../mapping';
import { AUTO_APPROVER } from '../migration-config';
import type { MigrationEvent } from '../migration.events';
import {
  alice,
  certificate,
  emailMapping,
  event,
  manifest,
  source,
  target,
  totalMapping,
} from './fixtures';

/** Past events that bring a migration to each point of its life, for the `given` step. */
export const proposedAndApproved = (mapping: ColumnMapping): MigrationEvent[] => [
  event('MappingProposed', { ...mapping, proposedBy: 'agent:architect' }),
  event('MappingApproved', {
    mappingId: mapping.mappingId,
    approvedBy: AUTO_APPROVER,
    autoApproval: { confidence: mapping.confidence, threshold: 0.92 },
  }),
];

export const proposedForReview = (mapping: ColumnMapping): MigrationEvent[] => [
  event('MappingProposed', { ...mapping, proposedBy: 'agent:architect' }),
  event('MappingSentToReview', {
    mappingId: mapping.mappingId,
    reason: 'low_confidence',
    confidence: mapping.confidence,
    threshold: 0.92,
  }),
];

export const requested: MigrationEvent[] = [
  event('MigrationRequested', {
    source,
    target,
    config: { reviewThreshold: 0.92 },
    requestedBy: alice,
  }),
];
export const ingesting = [...requested, event('IngestionStarted', {})];
export const ingested = [...ingesting, event('IngestionCompleted', manifest)];
export const mapped = [...ingested, ...proposedAndApproved(emailMapping)];
export const inReview = [...mapped, ...proposedForReview(totalMapping)];
export const transforming = [
  ...mapped,
  event('TransformationStarted', { mappingIds: ['map-email'] }),
];
export const transformed = [
  ...transforming,
  event('TransformationCompleted', {
    sqlHash: 'sha256:51c0',
    outputManifestHash: 'sha256:0a7b',
    lineage: [
      {
        mappingId: 'map-email',
        source: 'public.customers.email_addr',
        transform: 'lower(trim(email_addr))',
        target: 'customer.email',
      },
    ],
  }),
];
export const verifying = [
  ...transformed,
  event('VerificationStarted', {
    sourceManifestHash: 'sha256:9c1f0e',
    outputManifestHash: 'sha256:0a7b',
  }),
];
export const verified = [
  ...verifying,
  event('CertificateIssued', { certificate: certificate('PASSED') }),
];
export const haltedByCertificate = (
  status: Exclude<Certificate['status'], 'PASSED'>,
): MigrationEvent[] => [
  ...verifying,
  event('CertificateIssued', { certificate: certificate(status) }),
  event('MigrationHalted', {
    reason: `Certificate cert-1 is ${status}`,
    haltedBy: 'agent:validator',
    haltedIn: 'verifying',
    cause: { type: 'certificate', certificateId: 'cert-1', certificateStatus: status },
  }),
];
export const delivering = [...verified, event('DeliveryStarted', { certificateId: 'cert-1' })];
export const receipt = {
  certificateId: 'cert-1',
  rowsPerTable: { customer: 1200, order: 5400 },
  checksum: 'sha256:d00d',
  elapsedMs: 8400,
};
export const completed = [
  ...delivering,
  event('DeliveryConfirmed', { receipt, rowCount: 6600 }),
  event('MigrationCompleted', { certificateId: 'cert-1', rowCount: 6600 }),
];
export const haltedWhileIngesting = [
  ...ingesting,
  event('MigrationHalted', {
    reason: 'Ambiguous encoding in public.orders',
    haltedBy: 'agent:scout',
    haltedIn: 'ingesting',
    cause: { type: 'requested' },
  }),
];
export const cancelled = [
  ...ingested,
  event('MigrationCancelled', {
    reason: 'Wrong source',
    cancelledBy: alice,
    cancelledIn: 'ingested',
  }),
];

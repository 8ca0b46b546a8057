import type { DomainEvent } from '../shared/decider';
import type { Certificate } from './certificate';
import type { DeliveryReceipt, IngestionManifest, TransformationOutput } from './checkpoints';
import type { DataStoreRef } from './data-store';
import type { ColumnMapping } from './mapping';
import type { ResolvedMigrationConfig } from './migration-config';
import type { ActiveStatus, HaltCause } from './migration.state';

/**
 * Every event names its migration. Actors are recorded in data where they are part of the
 * decision (an approval, a halt); otherwise they and the timestamp live in the event metadata.
 */
type MigrationEventOf<Type extends string, Data = object> = DomainEvent<
  Type,
  { migrationId: string } & Data
>;

export type MigrationRequested = MigrationEventOf<
  'MigrationRequested',
  {
    source: DataStoreRef;
    target: DataStoreRef;
    config: ResolvedMigrationConfig;
    requestedBy: string;
  }
>;
export type IngestionStarted = MigrationEventOf<'IngestionStarted'>;
export type IngestionCompleted = MigrationEventOf<'IngestionCompleted', IngestionManifest>;

export type MappingProposed = MigrationEventOf<
  'MappingProposed',
  ColumnMapping & { proposedBy: string; supersedes?: string }
>;
export type MappingApproved = MigrationEventOf<
  'MappingApproved',
  {
    mappingId: string;
    approvedBy: string;
    note?: string;
    /** Present when the mapping cleared the review threshold on its own. */
    autoApproval?: { confidence: number; threshold: number };
  }
>;
export type MappingSentToReview = MigrationEventOf<
  'MappingSentToReview',
  {
    mappingId: string;
    reason: 'low_confidence' | 'target_conflict';
    confidence: number;
    threshold: number;
    /** For `target_conflict`: the approved mapping already filling the target column. */
    conflictsWith?: string;
  }
>;
export type MappingRejected = MigrationEventOf<
  'MappingRejected',
  { mappingId: string; rejectedBy: string; reason: string }
>;
/** A reviewer edited the mapping: it is replaced by `supersededBy`, proposed and approved by them. */
export type MappingSuperseded = MigrationEventOf<
  'MappingSuperseded',
  { mappingId: string; supersededBy: string; editedBy: string }
>;

export type TransformationStarted = MigrationEventOf<
  'TransformationStarted',
  { mappingIds: string[] }
>;
export type TransformationCompleted = MigrationEventOf<
  'TransformationCompleted',
  TransformationOutput
>;

export type VerificationStarted = MigrationEventOf<
  'VerificationStarted',
  { sourceManifestHash: string; outputManifestHash: string }
>;
export type CertificateIssued = MigrationEventOf<'CertificateIssued', { certificate: Certificate }>;

export type DeliveryStarted = MigrationEventOf<'DeliveryStarted', { certificateId: string }>;
export type DeliveryConfirmed = MigrationEventOf<
  'DeliveryConfirmed',
  { receipt: DeliveryReceipt; rowCount: number }
>;
export type MigrationCompleted = MigrationEventOf<
  'MigrationCompleted',
  { certificateId: string; rowCount: number }
>;

export type MigrationHalted = MigrationEventOf<
  'MigrationHalted',
  { reason: string; haltedBy: string; haltedIn: ActiveStatus; cause: HaltCause }
>;
export type MigrationResumed = MigrationEventOf<
  'MigrationResumed',
  { reason: string; resumedBy: string; resumedTo: ActiveStatus }
>;
export type MigrationCancelled = MigrationEventOf<
  'MigrationCancelled',
  { reason: string; cancelledBy: string; cancelledIn: ActiveStatus | 'halted' }
>;

export type MigrationEvent =
  | MigrationRequested
  | IngestionStarted
  | IngestionCompleted
  | MappingProposed
  | MappingApproved
  | MappingSentToReview
  | MappingRejected
  | MappingSuperseded
  | TransformationStarted
  | TransformationCompleted
  | VerificationStarted
  | CertificateIssued
  | DeliveryStarted
  | DeliveryConfirmed
  | MigrationCompleted
  | MigrationHalted
  | MigrationResumed
  | MigrationCancelled;

export type MigrationEventType = MigrationEvent['type'];

const eventTypeSet: Record<MigrationEventType, true> = {
  MigrationRequested: true,
  IngestionStarted: true,
  IngestionCompleted: true,
  MappingProposed: true,
  MappingApproved: true,
  MappingSentToReview: true,
  MappingRejected: true,
  MappingSuperseded: true,
  TransformationStarted: true,
  TransformationCompleted: true,
  VerificationStarted: true,
  CertificateIssued: true,
  DeliveryStarted: true,
  DeliveryConfirmed: true,
  MigrationCompleted: true,
  MigrationHalted: true,
  MigrationResumed: true,
  MigrationCancelled: true,
};
/** Every event type, for subscribers and upcasters (kept complete by the compiler). */
export const migrationEventTypes = Object.keys(eventTypeSet) as readonly MigrationEventType[];

import type { Certificate, CertificateStatus } from './certificate';
import type { DeliveryReceipt, IngestionManifest, TransformationOutput } from './checkpoints';
import type { DataStoreRef } from './data-store';
import type { Mappings } from './mapping';
import type { ResolvedMigrationConfig } from './migration-config';

export const migrationStatuses = [
  'requested',
  'ingesting',
  'ingested',
  'transforming',
  'transformed',
  'verifying',
  'verified',
  'delivering',
  'completed',
  'halted',
  'cancelled',
] as const;
export type MigrationStatus = (typeof migrationStatuses)[number];
/** The statuses in which work is under way; a migration may halt or be cancelled from these. */
export type ActiveStatus = Exclude<MigrationStatus, 'completed' | 'halted' | 'cancelled'>;

export type HaltCause =
  | { type: 'requested' }
  | {
      type: 'certificate';
      certificateId: string;
      certificateStatus: Exclude<CertificateStatus, 'PASSED'>;
    };

export interface Halt {
  reason: string;
  haltedIn: ActiveStatus;
  cause: HaltCause;
}

export interface Migration {
  status: MigrationStatus;
  migrationId: string;
  source: DataStoreRef;
  target: DataStoreRef;
  config: ResolvedMigrationConfig;
  mappings: Mappings;
  ingestion?: IngestionManifest;
  /** Set when transformation starts: the approved mappings it compiles. */
  transformation?: { mappingIds: string[]; output?: TransformationOutput };
  /** The latest certificate issued. */
  certificate?: Certificate;
  delivery?: { certificateId: string; receipt?: DeliveryReceipt };
  halt?: Halt;
}

export interface NoMigration {
  status: 'empty';
}

export type MigrationState = NoMigration | Migration;

export const initialState = (): MigrationState => ({ status: 'empty' });

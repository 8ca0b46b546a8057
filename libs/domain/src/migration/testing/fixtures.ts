import type { MessageMetadata } from '../../shared/decider';
import type { Certificate } from '../certificate';
import type { IngestionManifest } from '../checkpoints';
import type { DataStoreRef } from '../data-store';
import type { ColumnMapping } from '../mapping';
import type { MigrationCommand, MigrationCommandType } from '../migration.commands';
import type { MigrationEvent, MigrationEventType } from '../migration.events';

export const migrationId = 'mig-7f3a';
export const alice = 'user:alice';
export const reviewer = 'user:rita';
export const timestamp = '2025-03-14T09:26:53.000Z';

export const meta = (actor = alice): MessageMetadata => ({
  eventId: 'evt-1',
  correlationId: 'corr-1',
  causationId: 'cause-1',
  actor,
  timestamp,
});

type CommandOf<T extends MigrationCommandType> = Extract<MigrationCommand, { type: T }>;
type EventOf<T extends MigrationEventType> = Extract<MigrationEvent, { type: T }>;

export const command = <T extends MigrationCommandType>(
  type: T,
  data: Omit<CommandOf<T>['data'], 'migrationId'>,
  actor = alice,
): CommandOf<T> =>
  ({ type, data: { migrationId, ...data }, metadata: meta(actor) }) as CommandOf<T>;

export const event = <T extends MigrationEventType>(
  type: T,
  data: Omit<EventOf<T>['data'], 'migrationId'>,
): EventOf<T> => ({ type, data: { migrationId, ...data } }) as EventOf<T>;

export const source: DataStoreRef = { kind: 'postgres', uri: 'postgres://app@legacy-db:5432/crm' };
export const target: DataStoreRef = { kind: 'pglite', uri: 'file:///var/lib/sensei/target' };

export const manifest: IngestionManifest = {
  manifestHash: 'sha256:9c1f0e',
  tables: [
    { name: 'public.customers', rowCount: 1200, partitionCount: 1, piiColumns: ['email'] },
    { name: 'public.orders', rowCount: 5400, partitionCount: 2 },
  ],
  rowCount: 6600,
};

export const emailMapping: ColumnMapping = {
  mappingId: 'map-email',
  sourceTable: 'public.customers',
  sourceColumn: 'email_addr',
  targetTable: 'customer',
  targetColumn: 'email',
  expression: 'lower(trim(email_addr))',
  confidence: 0.97,
  rationale: 'Same semantics; target normalises case',
};

export const totalMapping: ColumnMapping = {
  mappingId: 'map-total',
  sourceTable: 'public.orders',
  sourceColumn: 'amount_cents',
  targetTable: 'order',
  targetColumn: 'total',
  expression: 'amount_cents / 100.0',
  confidence: 0.81,
  rationale: 'Cents to currency units, inferred from value ranges',
};

export const certificate = (
  status: Certificate['status'],
  certificateId = 'cert-1',
): Certificate => ({
  certificateId,
  status,
  evidenceHash: 'sha256:e1d2c3',
  signature: 'ed25519:5f9a',
  issuedBy: 'agent:validator',
  issuedAt: timestamp,
});

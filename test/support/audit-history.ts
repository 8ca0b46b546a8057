import { createHash } from 'node:crypto';
import type { MigrationEvent } from '@sensei/domain';
import { certificateBytes, signCertificate } from '@sensei/kora';
import type { NewEvent, RecordedEvent } from '../../libs/infra/src/event-store/event-store.port';
import { genesisHash, hashEvent } from '../../libs/infra/src/event-store/sql/event-hash';
import type { BundleEvent } from '../../libs/infra/src/audit/audit-bundle';
import type { StoredCertificate } from '../../libs/infra/src/audit/build-audit-bundle';
import { certificatePayload, evidenceFiles, fixtureSigner } from './signed-certificate';

/** The migration of `certificatePayload`, so its signed certificate belongs to this history. */
export const auditMigrationId = '5e1f0000-0000-4000-8000-00000000c0de';
export const auditStreamId = `migration-${auditMigrationId}`;

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const minute = (n: number) => new Date(Date.UTC(2025, 2, 1, 10, n)).toISOString();

type Data<T extends MigrationEvent['type']> = Omit<
  Extract<MigrationEvent, { type: T }>['data'],
  'migrationId'
>;

export interface AuditHistory {
  /** The migration's stream, in order: one minute apart, from 10:00 on 2025-03-01. */
  events: NewEvent[];
  /** The PASSED certificate CertificateIssued names, as the artifact store holds it. */
  certificate: StoredCertificate;
}

/**
 * A migration with every kind of decision: a mapping approved by the threshold, one rejected by
 * a reviewer, a FAILED certificate that halted it, a resume with a reason, a PASSED certificate
 * (KORA-signed, with evidence) and a delivery.
 */
export const auditHistory = async (): Promise<AuditHistory> => {
  const document = await signCertificate(certificatePayload('PASSED'), await fixtureSigner());
  const bytes = certificateBytes(document);
  const documentHash = sha256(bytes);
  const evidence = new Map(
    Object.values(evidenceFiles).map((text) => [sha256(text), new Uint8Array(Buffer.from(text))]),
  );
  const certificate = { documentHash, evidenceHash: sha256('evidence'), bytes, evidence };

  const events: NewEvent[] = [];
  const add = <T extends MigrationEvent['type']>(type: T, data: Data<T>, actor: string) => {
    const n = events.length;
    events.push({
      id: `event-${n}`,
      type,
      data: { migrationId: auditMigrationId, ...data },
      metadata: {
        correlationId: `run-${n < 13 ? 1 : 2}`,
        causationId: `command-${n}`,
        actor,
        timestamp: minute(n),
      },
    });
  };
  const mapping = (mappingId: string, column: string, confidence: number) => ({
    mappingId,
    sourceTable: 'Invoice',
    sourceColumn: column,
    targetTable: 'invoice',
    targetColumn: column.toLowerCase(),
    confidence,
    rationale: `name match on ${column}`,
    proposedBy: 'agent:architect',
  });
  const failed = {
    certificateId: 'kora-failed-1',
    status: 'FAILED' as const,
    evidenceHash: sha256('failed evidence'),
    signature: 'ed25519:00',
    summary: 'FAILED: invoice.total sum differs',
    issuedBy: 'agent:validator',
    issuedAt: minute(11),
  };
  const passed = {
    certificateId: document.payload.certificateId,
    status: 'PASSED' as const,
    evidenceHash: certificate.evidenceHash,
    signature: document.signature.value,
    publicKey: document.signature.publicKey,
    documentHash,
    summary: 'PASSED: 2/2 checks passed',
    issuedBy: 'agent:validator',
    issuedAt: minute(15),
  };
  const source = { kind: 'sqlite' as const, uri: '/data/chinook.sqlite' };
  const target = { kind: 'pglite' as const, uri: '/data/target' };
  const config = { reviewThreshold: 0.92 } as Data<'MigrationRequested'>['config'];
  add('MigrationRequested', { source, target, config, requestedBy: 'user:alice' }, 'user:alice');
  add('IngestionStarted', {}, 'agent:scout');
  add(
    'IngestionCompleted',
    {
      manifestHash: sha256('manifest'),
      rowCount: 412,
      tables: [
        { name: 'Invoice', rowCount: 412, partitionCount: 1, piiColumns: ['BillingAddress'] },
      ],
    },
    'agent:worker',
  );
  add('MappingProposed', mapping('map-total', 'Total', 0.99), 'agent:architect');
  add(
    'MappingApproved',
    {
      mappingId: 'map-total',
      approvedBy: 'system:auto-approval',
      autoApproval: { confidence: 0.99, threshold: 0.92 },
    },
    'agent:architect',
  );
  add('MappingProposed', mapping('map-note', 'Note', 0.4), 'agent:architect');
  add(
    'MappingSentToReview',
    { mappingId: 'map-note', reason: 'low_confidence', confidence: 0.4, threshold: 0.92 },
    'agent:architect',
  );
  add(
    'MappingRejected',
    { mappingId: 'map-note', rejectedBy: 'user:rita', reason: 'free text, not a note column' },
    'user:rita',
  );
  add('TransformationStarted', { mappingIds: ['map-total'] }, 'agent:architect');
  add(
    'TransformationCompleted',
    {
      sqlHash: sha256('sql'),
      outputManifestHash: sha256('output'),
      rowCount: 412,
      lineage: [
        {
          mappingId: 'map-total',
          source: 'Invoice.Total',
          transform: 'identity',
          target: 'invoice.total',
        },
      ],
    },
    'agent:worker',
  );
  add(
    'VerificationStarted',
    { sourceManifestHash: sha256('manifest'), outputManifestHash: sha256('output') },
    'agent:validator',
  );
  add('CertificateIssued', { certificate: failed }, 'agent:validator');
  add(
    'MigrationHalted',
    {
      reason: 'Certificate kora-failed-1 is FAILED',
      haltedBy: 'agent:validator',
      haltedIn: 'verifying',
      cause: { type: 'certificate', certificateId: 'kora-failed-1', certificateStatus: 'FAILED' },
    },
    'agent:validator',
  );
  add(
    'MigrationResumed',
    { reason: 'source fixed upstream', resumedBy: 'user:alice', resumedTo: 'transformed' },
    'user:alice',
  );
  add(
    'VerificationStarted',
    { sourceManifestHash: sha256('manifest'), outputManifestHash: sha256('output') },
    'agent:validator',
  );
  add('CertificateIssued', { certificate: passed }, 'agent:validator');
  add('DeliveryStarted', { certificateId: passed.certificateId }, 'agent:delivery');
  const receipt = {
    certificateId: passed.certificateId,
    rowsPerTable: { invoice: 412 },
    checksum: sha256('delivered'),
    elapsedMs: 40,
    batchCount: 1,
  };
  add('DeliveryConfirmed', { receipt, rowCount: 412 }, 'agent:delivery');
  add(
    'MigrationCompleted',
    { certificateId: passed.certificateId, rowCount: 412 },
    'agent:delivery',
  );
  return { events, certificate };
};

/** The stream as the SQL store records it: revisions from 0, the given positions, the hash chain. */
export const recordChain = (
  streamId: string,
  events: readonly NewEvent[],
  positionOf: (revision: number) => number = (revision) => revision + 1,
): BundleEvent[] => {
  let prevHash = genesisHash;
  return events.map((event, revision) => {
    const content = {
      streamId,
      revision,
      id: event.id,
      type: event.type,
      schemaVersion: event.schemaVersion ?? 1,
      data: event.data,
      metadata: event.metadata,
    };
    const hash = hashEvent(prevHash, content);
    const recorded: BundleEvent = {
      position: positionOf(revision),
      revision,
      id: event.id,
      type: event.type,
      schemaVersion: content.schemaVersion,
      data: event.data,
      metadata: event.metadata,
      hash,
      prevHash,
      recordedAt: event.metadata.timestamp,
    };
    prevHash = hash;
    return recorded;
  });
};

export const asRecordedEvents = (
  streamId: string,
  events: readonly BundleEvent[],
): RecordedEvent[] => events.map((event) => ({ ...event, streamId }));

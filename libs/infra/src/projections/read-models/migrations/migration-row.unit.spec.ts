import { factsOf, requestedData } from '../testing/facts';
import type { MigrationFact } from '../migration-facts';
import { evolveMigrationRow, withMappingCounts, type MigrationRow } from './migration-row';

const fold = (facts: MigrationFact[]) =>
  facts.reduce<MigrationRow | undefined>(evolveMigrationRow, undefined);

const passed = {
  certificateId: 'kora-1',
  status: 'PASSED',
  evidenceHash: 'e',
  signature: 's',
  issuedBy: 'agent:validator',
  issuedAt: '2026-01-01T00:00:00.000Z',
} as const;

describe('the migrations row', () => {
  it('follows the domain statuses and times each phase from the event timestamps', () => {
    const fact = factsOf();
    const row = fold([
      fact('MigrationRequested', requestedData, 0),
      fact('IngestionStarted', {}, 10),
      fact('IngestionCompleted', { manifestHash: 'h', tables: [], rowCount: 15607 }, 12.5),
      fact('TransformationStarted', { mappingIds: [] }, 20),
      fact('TransformationCompleted', { sqlHash: 's', outputManifestHash: 'o', lineage: [] }, 23),
      fact('VerificationStarted', { sourceManifestHash: 'h', outputManifestHash: 'o' }, 30),
      fact('CertificateIssued', { certificate: passed }, 34),
      fact('DeliveryStarted', { certificateId: 'kora-1' }, 40),
      fact(
        'DeliveryConfirmed',
        {
          receipt: {
            certificateId: 'kora-1',
            rowsPerTable: { genre: 25 },
            checksum: 'c',
            elapsedMs: 900,
          },
          rowCount: 25,
        },
        41,
      ),
      fact('MigrationCompleted', { certificateId: 'kora-1', rowCount: 25 }, 41),
    ]);
    expect(row).toMatchObject({
      status: 'completed',
      phase: 'done',
      source_kind: 'sqlite',
      requested_by: 'user:alice',
      row_count: 15607,
      delivered_rows: 25,
      ingestion_ms: 2500,
      transformation_ms: 3000,
      verification_ms: 4000,
      delivery_ms: 1000,
      certificate_id: 'kora-1',
      certificate_status: 'PASSED',
      completed_at: '2026-01-01T00:00:41.000Z',
      position: 10,
    });
  });

  it('keeps the phase and reason of a halt, and clears the reason on resume', () => {
    const fact = factsOf();
    const requested = fact('MigrationRequested', requestedData);
    const halted = fact('MigrationHalted', {
      reason: 'Certificate kora-2 is FAILED',
      haltedBy: 'agent:validator',
      haltedIn: 'verifying',
      cause: { type: 'certificate', certificateId: 'kora-2', certificateStatus: 'FAILED' },
    });
    expect(fold([requested, halted])).toMatchObject({
      status: 'halted',
      phase: 'verification',
      halted_reason: 'Certificate kora-2 is FAILED',
    });
    const resumed = fact('MigrationResumed', {
      reason: 'fixed',
      resumedBy: 'user:rita',
      resumedTo: 'transformed',
    });
    expect(fold([requested, halted, resumed])).toMatchObject({
      status: 'transformed',
      phase: 'transformation',
      halted_reason: null,
    });
    const cancelled = fact('MigrationCancelled', {
      reason: 'no',
      cancelledBy: 'user:rita',
      cancelledIn: 'halted',
    });
    expect(fold([requested, halted, cancelled])).toMatchObject({
      status: 'cancelled',
      phase: 'verification',
    });
  });

  it('does not move on a certificate that failed (the halt that follows does)', () => {
    const fact = factsOf();
    const row = fold([
      fact('MigrationRequested', requestedData),
      fact('VerificationStarted', { sourceManifestHash: 'h', outputManifestHash: 'o' }),
      fact('CertificateIssued', { certificate: { ...passed, status: 'FAILED' } }),
    ]);
    expect(row).toMatchObject({ status: 'verifying', certificate_status: 'FAILED' });
  });

  it('ignores events of a migration that was never requested, as the domain does', () => {
    const fact = factsOf();
    expect(fold([fact('IngestionStarted', {})])).toBeUndefined();
  });

  it('counts mappings by the status they move between', () => {
    const fact = factsOf();
    let row = fold([fact('MigrationRequested', requestedData)])!;
    row = withMappingCounts(row, undefined, 'proposed');
    row = withMappingCounts(row, 'proposed', 'in_review');
    expect(row).toMatchObject({ mappings_total: 1, mappings_in_review: 1, mappings_approved: 0 });
    row = withMappingCounts(row, 'in_review', 'approved');
    expect(row).toMatchObject({ mappings_total: 1, mappings_in_review: 0, mappings_approved: 1 });
    row = withMappingCounts(row, 'approved', 'superseded');
    expect(row).toMatchObject({ mappings_total: 1, mappings_in_review: 0, mappings_approved: 0 });
  });
});

import type { ReadView } from '../../projection';
import { RowTable } from '../../row-table';
import type { MigrationFact } from '../migration-facts';

export interface CertificateRow {
  certificate_id: string;
  migration_id: string;
  status: string;
  summary: string | null;
  evidence_hash: string;
  document_hash: string | null;
  issued_by: string;
  issued_at: string;
  position: number;
}

export interface DeliveryReceiptRow {
  migration_id: string;
  certificate_id: string;
  rows_per_table: Record<string, number>;
  row_count: number;
  checksum: string;
  elapsed_ms: number;
  batch_count: number | null;
  verified_in_target: boolean | null;
  confirmed_at: string;
}

export const certificatesTable = new RowTable<CertificateRow>(
  'certificates',
  [
    { name: 'certificate_id', type: 'text' },
    { name: 'migration_id', type: 'text', constraint: 'NOT NULL' },
    { name: 'status', type: 'text', constraint: 'NOT NULL' },
    { name: 'summary', type: 'text' },
    { name: 'evidence_hash', type: 'text', constraint: 'NOT NULL' },
    { name: 'document_hash', type: 'text' },
    { name: 'issued_by', type: 'text', constraint: 'NOT NULL' },
    { name: 'issued_at', type: 'timestamptz', constraint: 'NOT NULL' },
    { name: 'position', type: 'bigint', constraint: 'NOT NULL' },
  ],
  ['certificate_id'],
);

export const deliveryReceiptsTable = new RowTable<DeliveryReceiptRow>(
  'delivery_receipts',
  [
    { name: 'migration_id', type: 'text' },
    { name: 'certificate_id', type: 'text' },
    { name: 'rows_per_table', type: 'jsonb', constraint: 'NOT NULL' },
    { name: 'row_count', type: 'bigint', constraint: 'NOT NULL' },
    { name: 'checksum', type: 'text', constraint: 'NOT NULL' },
    { name: 'elapsed_ms', type: 'bigint', constraint: 'NOT NULL' },
    { name: 'batch_count', type: 'integer' },
    { name: 'verified_in_target', type: 'boolean' },
    { name: 'confirmed_at', type: 'timestamptz', constraint: 'NOT NULL' },
  ],
  ['migration_id', 'certificate_id'],
);

export const certificateRowOf = (fact: MigrationFact): CertificateRow | undefined => {
  if (fact.type !== 'CertificateIssued') return undefined;
  const { certificate, migrationId } = fact.data;
  return {
    certificate_id: certificate.certificateId,
    migration_id: migrationId,
    status: certificate.status,
    summary: certificate.summary ?? null,
    evidence_hash: certificate.evidenceHash,
    document_hash: certificate.documentHash ?? null,
    issued_by: certificate.issuedBy,
    issued_at: certificate.issuedAt,
    position: fact.position,
  };
};

export const receiptRowOf = (fact: MigrationFact): DeliveryReceiptRow | undefined => {
  if (fact.type !== 'DeliveryConfirmed') return undefined;
  const { receipt, rowCount, migrationId } = fact.data;
  return {
    migration_id: migrationId,
    certificate_id: receipt.certificateId,
    rows_per_table: receipt.rowsPerTable,
    row_count: rowCount,
    checksum: receipt.checksum,
    elapsed_ms: receipt.elapsedMs,
    batch_count: receipt.batchCount ?? null,
    verified_in_target: receipt.verifiedInTarget ?? null,
    confirmed_at: fact.at,
  };
};

export const certificatesViews: ReadView[] = [
  {
    name: 'certificates',
    select: (schema) => `SELECT certificate_id, migration_id, status, summary, evidence_hash,
      document_hash, issued_by, issued_at, position FROM ${schema}.certificates`,
  },
  {
    name: 'delivery_receipts',
    select: (schema) => `SELECT migration_id, certificate_id, rows_per_table, row_count,
      checksum, elapsed_ms, batch_count, verified_in_target, confirmed_at
      FROM ${schema}.delivery_receipts`,
  },
];

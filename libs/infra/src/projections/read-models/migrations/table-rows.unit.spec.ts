import { factsOf } from '../testing/facts';
import type { MigrationFact } from '../migration-facts';
import { evolveTableRows, piiFindingsOf, tableKey, type MigrationTableRow } from './table-rows';

/** The migration's table rows after the facts, as `role:table phase rows`. */
const progress = (facts: MigrationFact[]) => {
  const rows = new Map<string, MigrationTableRow>();
  for (const fact of facts) {
    for (const row of evolveTableRows([...rows.values()], fact)) rows.set(tableKey(row), row);
  }
  return [...rows.values()]
    .map((r) => `${r.role}:${r.table_name} ${r.phase} ${r.rows ?? '-'}`)
    .sort();
};

describe('per-table progress', () => {
  const fact = factsOf();
  const ingested = fact('IngestionCompleted', {
    manifestHash: 'h',
    rowCount: 2265,
    tables: [
      { name: 'Genre', rowCount: 25, partitionCount: 1 },
      { name: 'Customer', rowCount: 59, partitionCount: 1, piiColumns: ['Email', 'Phone'] },
      { name: 'InvoiceLine', rowCount: 2240, partitionCount: 2 },
    ],
  });
  const transformed = fact('TransformationCompleted', {
    sqlHash: 's',
    outputManifestHash: 'o',
    lineage: [
      {
        mappingId: 'a',
        source: 'InvoiceLine.UnitPrice',
        transform: 'identity',
        target: 'invoice_line.unit_price',
      },
      {
        mappingId: 'b',
        source: 'InvoiceLine.Quantity',
        transform: 'identity',
        target: 'invoice_line.quantity',
      },
      { mappingId: 'c', source: 'Genre.Name', transform: 'upper("Name")', target: 'genre.name' },
    ],
  });
  const certificate = {
    certificateId: 'kora-1',
    status: 'PASSED',
    evidenceHash: 'e',
    signature: 's',
    issuedBy: 'agent:validator',
    issuedAt: '2026-01-01T00:00:00.000Z',
  } as const;
  const verified = fact('CertificateIssued', { certificate });
  const delivering = fact('DeliveryStarted', { certificateId: 'kora-1' });
  const delivered = fact('DeliveryConfirmed', {
    receipt: {
      certificateId: 'kora-1',
      rowsPerTable: { invoice_line: 2240, genre: 25 },
      checksum: 'c',
      elapsedMs: 10,
    },
    rowCount: 2265,
  });

  it('lists the source tables ingested, with rows, partitions and PII columns', () => {
    expect(progress([ingested])).toEqual([
      'source:Customer ingested 59',
      'source:Genre ingested 25',
      'source:InvoiceLine ingested 2240',
    ]);
    expect(
      evolveTableRows([], ingested).find((row) => row.table_name === 'Customer'),
    ).toMatchObject({
      partitions: 1,
      pii_columns: ['Email', 'Phone'],
    });
    expect(piiFindingsOf(ingested).map((f) => `${f.table_name}.${f.column_name}`)).toEqual([
      'Customer.Email',
      'Customer.Phone',
    ]);
  });

  it('moves the tables the lineage touches through transformation, verification and delivery', () => {
    expect(progress([ingested, transformed, verified, delivering, delivered])).toEqual([
      'source:Customer ingested 59',
      'source:Genre delivered 25',
      'source:InvoiceLine delivered 2240',
      'target:genre delivered 25',
      'target:invoice_line delivered 2240',
    ]);
    expect(
      progress([
        ingested,
        transformed,
        fact('CertificateIssued', { certificate: { ...certificate, status: 'FAILED' } }),
      ]),
    ).toContain('target:invoice_line transformed -');
  });
});

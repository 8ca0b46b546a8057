import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chinookSqlitePath } from '../../../test/support/chinook';
import { migrateChinook } from '../../../test/support/sensei-cli';
import { startProjectionsService, type ProjectionsService } from '../src/projections-runtime';
import { bearer, graphql, JWT_SECRET } from './support/test-app';

/**
 * The acceptance: after a real Chinook migration (the `sensei` CLI into a PGlite target),
 * the projections process as main.ts starts it catches up with the CLI's event store, and ONE
 * GraphQL query returns the status, per-table progress, mappings with confidence, the
 * certificate status, and the lineage of invoice_line.unit_price back to InvoiceLine.UnitPrice.
 */
const workDir = mkdtempSync(join(tmpdir(), 'sensei-graphql-chinook-'));
const home = join(workDir, 'home');
let service: ProjectionsService | undefined;

afterAll(async () => {
  await service?.close();
  rmSync(workDir, { recursive: true, force: true });
});

type Json = ReturnType<typeof JSON.parse>;

const untilCaughtUp = async (timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await (service as ProjectionsService).app.inject({
      method: 'GET',
      url: '/projections/status',
      headers: bearer('viewer'),
    });
    const status = JSON.parse(response.body) as {
      headPosition: number | null;
      projections: { lagEvents: number | null }[];
    };
    if ((status.headPosition ?? 0) > 0 && status.projections.every((p) => p.lagEvents === 0)) {
      return;
    }
    if (Date.now() > deadline) throw new Error(`not caught up: ${response.body}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

it('one GraphQL query shows the Chinook migration: status, tables, mappings, certificate, lineage', async () => {
  const migrated = await migrateChinook(home, workDir);
  expect(migrated.code).toBe(0);

  service = await startProjectionsService(
    {
      SENSEI_DATA_DIR: join(home, 'data'),
      SENSEI_READ_DATA_DIR: join(workDir, 'read'),
      SENSEI_JWT_SECRET: JWT_SECRET,
      PORT: '0',
    },
    () => undefined,
  );
  await untilCaughtUp(60_000);

  const { status, body } = await graphql(
    { app: service.app, config: service.config },
    `
      {
        migration(id: "chinook") {
          status
          phase
          rowCount
          deliveredRows
          tables {
            role
            name
            rows
            partitions
            phase
          }
          mappings {
            sourceTable
            sourceColumn
            targetTable
            targetColumn
            confidence
            status
            decidedBy
          }
          certificate {
            status
            issuedAt
            evidenceHash
          }
          receipt {
            rowCount
            verifiedInTarget
          }
          lineage(table: "invoice_line", column: "unit_price", direction: UPSTREAM) {
            from {
              store
              table
              column
            }
            to {
              store
              table
              column
            }
            transform
            depth
            mappingId
          }
        }
      }
    `,
  );
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  const migration = body.data?.migration as Json;

  expect(migration.status).toBe('COMPLETED');
  expect(migration.phase).toBe('DONE');
  expect(migration.deliveredRows).toBe(migration.rowCount);
  expect(migration.rowCount).toBe(15_607);
  // Per-table progress: the 11 source tables as ingested, the 11 target tables as delivered.
  const tables = migration.tables as { role: string; name: string; rows: number }[];
  const rowsOf = (role: string, name: string) =>
    tables.find((t) => t.role === role && t.name === name)?.rows;
  expect(tables.filter((t) => t.role === 'SOURCE')).toHaveLength(11);
  expect(tables.filter((t) => t.role === 'TARGET')).toHaveLength(11);
  expect(rowsOf('SOURCE', 'InvoiceLine')).toBe(2240);
  expect(rowsOf('TARGET', 'invoice_line')).toBe(2240);

  expect(migration.mappings).toHaveLength(64);
  const mappings = migration.mappings as { sourceTable: string; sourceColumn: string }[];
  const unitPrice = mappings.find(
    (m) => m.sourceTable === 'InvoiceLine' && m.sourceColumn === 'UnitPrice',
  ) as Json;
  expect(unitPrice).toMatchObject({
    targetTable: 'invoice_line',
    targetColumn: 'unit_price',
    status: 'APPROVED',
  });
  expect(unitPrice.confidence).toBeGreaterThanOrEqual(0.92);
  expect(unitPrice.confidence).toBeLessThanOrEqual(1);

  expect(migration.certificate.status).toBe('PASSED');
  // The delivery read every table back from the PGlite target and found the certified rows.
  expect(migration.receipt).toEqual({ rowCount: 15_607, verifiedInTarget: true });
  expect(migration.certificate.evidenceHash).toMatch(/\S/);

  expect(migration.lineage).toEqual([
    {
      from: {
        store: `sqlite:${chinookSqlitePath}`,
        table: 'InvoiceLine',
        column: 'UnitPrice',
      },
      to: { store: expect.stringContaining('target'), table: 'invoice_line', column: 'unit_price' },
      transform: 'identity',
      depth: 1,
      mappingId: 'map:InvoiceLine.UnitPrice:invoice_line.unit_price',
    },
  ]);
}, 180_000);

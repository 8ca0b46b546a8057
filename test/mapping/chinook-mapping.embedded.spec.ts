import {
  REVIEW_THRESHOLD,
  scoreColumnPair,
  proposeMappings,
  type DatabaseSchema,
  type MappingProposal,
} from '@sensei/domain';
import { chinookPostgresTarget, chinookSqliteSchema } from '../support/chinook-schemas';

/** Chinook's own naming rule between its SQLite and PostgreSQL editions. */
const snake = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();

describe('MABA on the real Chinook schemas: SQLite (PascalCase) -> PostgreSQL (snake_case)', () => {
  let source: DatabaseSchema;
  let target: DatabaseSchema;
  let proposal: MappingProposal;

  beforeAll(async () => {
    source = await chinookSqliteSchema();
    const postgres = await chinookPostgresTarget();
    target = postgres.schema;
    await postgres.sql.close();
    proposal = proposeMappings({ source, target });
  }, 60_000);

  it('pairs all 11 tables by name', () => {
    expect(source.tables).toHaveLength(11);
    expect(proposal.tables.map((t) => [t.sourceTable, t.targetTable]).sort()).toEqual(
      source.tables.map((t) => [t.name, snake(t.name)]).sort(),
    );
    expect(proposal.unmatchedSourceTables).toEqual([]);
    expect(proposal.unmatchedTargetTables).toEqual([]);
  });

  it('maps every column to its snake_case twin, each confident enough to skip review', () => {
    const expected = source.tables.flatMap((t) =>
      t.columns.map((c) => `${t.name}.${c.name} -> ${snake(t.name)}.${snake(c.name)}`),
    );
    const proposed = proposal.mappings.map(
      (m) => `${m.sourceTable}.${m.sourceColumn} -> ${m.targetTable}.${m.targetColumn}`,
    );
    expect(proposed.sort()).toEqual(expected.sort());
    const below = proposal.mappings.filter((m) => m.confidence < REVIEW_THRESHOLD);
    expect(below).toEqual([]);
    expect(proposal.status).toBe('mappable');
    expect(proposal.unmappedSourceColumns).toEqual([]);
    expect(proposal.unmappedTargetColumns).toEqual([]);
  });

  it.each([
    ['InvoiceLine', 'UnitPrice', 'invoice_line', 'unit_price'],
    ['Employee', 'ReportsTo', 'employee', 'reports_to'],
    ['Customer', 'SupportRepId', 'customer', 'support_rep_id'],
    ['PlaylistTrack', 'TrackId', 'playlist_track', 'track_id'],
  ])('maps %s.%s -> %s.%s with its evidence named', (st, sc, tt, tc) => {
    const mapping = proposal.mappings.find((m) => m.sourceTable === st && m.sourceColumn === sc);
    expect(mapping).toMatchObject({ targetTable: tt, targetColumn: tc });
    expect(mapping?.expression).toBeUndefined();
    expect(mapping?.rationale).toMatch(/name exact.*type lossless/);
  });

  it('gives ids that are the same on every run, so commands can name them', () => {
    const again = proposeMappings({ source, target });
    expect(again.mappings.map((m) => m.mappingId)).toEqual(
      proposal.mappings.map((m) => m.mappingId),
    );
    expect(new Set(proposal.mappings.map((m) => m.mappingId)).size).toBe(proposal.mappings.length);
  });

  it('scores every wrong pairing within a matched table clearly below the review threshold', () => {
    const tables = new Map(source.tables.map((t) => [t.name, snake(t.name)]));
    const wrong = source.tables.flatMap((s) => {
      const t = target.tables.find((table) => table.name === snake(s.name))!;
      return s.columns.flatMap((sc) =>
        t.columns
          .filter((tc) => tc.name !== snake(sc.name))
          .map((tc) => scoreColumnPair(s, sc, t, tc, { tables }).confidence),
      );
    });
    expect(wrong.length).toBeGreaterThan(500);
    // The strongest wrong pair is InvoiceLine.InvoiceLineId -> invoice_line.invoice_id (~0.72).
    expect(Math.max(...wrong)).toBeLessThan(0.8);
  });
});

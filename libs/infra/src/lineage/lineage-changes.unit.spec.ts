import { lineageChangesOf, splitQualifiedColumn, storeId } from './lineage-changes';
import type { RecordedEvent } from '../event-store/event-store.port';

const event = (position: number, type: string, data: object): RecordedEvent =>
  ({ position, type, data, streamId: 'migration-m1' }) as RecordedEvent;

describe('lineage changes', () => {
  it('reads schema-qualified names: the column is what follows the last dot', () => {
    expect(splitQualifiedColumn('InvoiceLine.UnitPrice')).toEqual({
      table: 'InvoiceLine',
      column: 'UnitPrice',
    });
    expect(splitQualifiedColumn('public.invoice_line.unit_price')).toEqual({
      table: 'public.invoice_line',
      column: 'unit_price',
    });
    for (const bad of ['unit_price', '.unit_price', 'invoice_line.']) {
      expect(splitQualifiedColumn(bad)).toBeUndefined();
    }
  });

  it("names a store by kind and uri, so a migration reading another one's target joins its lineage", () => {
    expect(storeId({ kind: 'postgres', uri: 'postgres://app@db:5432/crm' })).toBe(
      'postgres:postgres://app@db:5432/crm',
    );
  });

  it("resolves edges to their migration's stores, from the same batch or the graph", async () => {
    const requested = event(1, 'MigrationRequested', {
      migrationId: 'm1',
      source: { kind: 'sqlite', uri: '/chinook.sqlite' },
      target: { kind: 'postgres', uri: 'postgres://app@db/chinook' },
    });
    const transformed = (position: number, migrationId: string) =>
      event(position, 'TransformationCompleted', {
        migrationId,
        lineage: [
          { mappingId: 'a', source: 'Track.Name', transform: 'identity', target: 'track.name' },
          { mappingId: 'a', source: 'Track.Name', transform: 'trim(Name)', target: 'track.name' },
        ],
      });
    const known = { source: 'csv:/old.csv', target: 'pglite:/old' };
    const changes = await lineageChangesOf(
      [
        requested,
        event(2, 'IngestionStarted', { migrationId: 'm1' }),
        transformed(3, 'm1'),
        transformed(4, 'm0'),
      ],
      (id) => Promise.resolve(id === 'm0' ? known : undefined),
    );

    expect(changes.map((change) => change.kind)).toEqual(['migration', 'edges', 'edges']);
    expect(changes[1]).toMatchObject({
      migrationId: 'm1',
      edges: [
        {
          mappingId: 'a',
          transform: 'trim(Name)',
          from: { store: 'sqlite:/chinook.sqlite', table: 'Track', column: 'Name' },
          to: { store: 'postgres:postgres://app@db/chinook', table: 'track', column: 'name' },
        },
      ],
    });
    expect(changes[2]).toMatchObject({ edges: [{ from: { store: 'csv:/old.csv' } }] });
  });
});

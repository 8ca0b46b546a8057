import type { ForeignKeySchema } from '../catalog/catalog';
import { column, schema, table } from '../mapping/testing-schemas';
import { loadOrder } from './load-order';

const fk = (columnName: string, referencedTable: string): ForeignKeySchema => ({
  columns: [columnName],
  referencedTable,
  referencedColumns: ['id'],
});
const t = (name: string, ...foreignKeys: ForeignKeySchema[]) =>
  table(name, [column('id', 'integer')], { foreignKeys });

describe('loadOrder', () => {
  it('loads referenced tables first, ties by name', () => {
    const order = loadOrder(
      schema(
        'postgres',
        t('invoice_line', fk('invoice_id', 'invoice'), fk('track_id', 'track')),
        t('track', fk('album_id', 'album')),
        t('invoice', fk('customer_id', 'customer')),
        t('customer', fk('support_rep_id', 'employee')),
        t('employee', fk('reports_to', 'employee')),
        t('album'),
      ),
    );
    expect(order.tables).toEqual([
      'album',
      'employee',
      'customer',
      'invoice',
      'track',
      'invoice_line',
    ]);
    expect(order.cycles).toEqual([]);
    expect(order.deferred).toEqual([
      { table: 'employee', foreignKey: fk('reports_to', 'employee'), cause: 'self' },
    ]);
  });

  it('breaks a cycle, reporting it and the constraint to defer', () => {
    const order = loadOrder(
      schema('postgres', t('a', fk('b_id', 'b')), t('b', fk('a_id', 'a')), t('c', fk('a_id', 'a'))),
    );
    expect(order.tables).toEqual(['a', 'b', 'c']);
    expect(order.cycles).toEqual([['a', 'b', 'c']]);
    expect(order.deferred).toEqual([{ table: 'a', foreignKey: fk('b_id', 'b'), cause: 'cycle' }]);
  });

  it('ignores tables outside the load', () => {
    const order = loadOrder(schema('postgres', t('a', fk('b_id', 'b')), t('b')), ['a']);
    expect(order).toEqual({ tables: ['a'], deferred: [], cycles: [] });
  });
});

import type { TableSchema } from '@sensei/domain';

/**
 * Values that break naive delivery: NULL next to '', text needing CSV and record quoting,
 * decimals wider than a double, sub-second and zoned timestamps, bytes, floats, big integers.
 * `expected` is what PostgreSQL prints for each value (`col::text`), with TimeZone UTC.
 */
export const edgeTable: TableSchema = {
  name: 'public.edge_values',
  primaryKey: ['id'],
  uniqueKeys: [],
  foreignKeys: [],
  indexes: [],
  columns: [
    ['id', 'bigint', 'bigint'],
    ['note', 'text', 'text'],
    ['price', 'decimal', 'numeric(12,4)'],
    ['exact', 'decimal', 'numeric'],
    ['at', 'timestamp', 'timestamp'],
    ['at_tz', 'timestamptz', 'timestamptz'],
    ['payload', 'bytes', 'bytea'],
    ['ratio', 'double', 'double precision'],
    ['small_ratio', 'real', 'real'],
    ['flag', 'boolean', 'boolean'],
    ['day', 'date', 'date'],
    ['clock', 'time', 'time'],
    ['ref', 'uuid', 'uuid'],
  ].map(([name, type, nativeType], i) => ({
    name: name!,
    ordinal: i + 1,
    type: type as TableSchema['columns'][number]['type'],
    nativeType: nativeType!,
    nullable: name !== 'id',
    ...(name === 'price' ? { precision: 12, scale: 4 } : {}),
  })),
};

export const edgeTableDdl = `CREATE TABLE public.edge_values (
  id bigint PRIMARY KEY, note text, price numeric(12,4), exact numeric, at timestamp,
  at_tz timestamptz, payload bytea, ratio double precision, small_ratio real, flag boolean,
  day date, clock time, ref uuid)`;

export const edgeRows: Record<string, unknown>[] = [
  {
    id: '9007199254740993',
    note: '',
    price: '12345678.0001',
    exact: '3.141592653589793238462643383279502884197',
    at: '2021-01-01T00:00:00.123456',
    at_tz: '2021-01-01T10:00:00+02:00',
    payload: Uint8Array.from([0, 255, 10]),
    ratio: 0.1,
    small_ratio: 0.1,
    flag: false,
    day: '2021-02-28',
    clock: '13:45:00.25',
    ref: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
  },
  {
    id: '2',
    note: null,
    price: null,
    exact: null,
    at: null,
    at_tz: null,
    payload: null,
    ratio: null,
    small_ratio: null,
    flag: null,
    day: null,
    clock: null,
    ref: null,
  },
  {
    id: '3',
    note: 'a "quoted", (parenthesised) \\ back\nslash\ttab',
    price: '-0.5',
    exact: '10',
    at: '1999-12-31T23:59:59',
    at_tz: '2021-06-30T23:59:59.5Z',
    payload: new Uint8Array(0),
    ratio: 1e20,
    small_ratio: 3,
    flag: true,
    day: '2000-01-01',
    clock: '00:00:00',
    ref: '00000000-0000-0000-0000-000000000000',
  },
];

export const edgeExpected: Record<string, string | null>[] = [
  {
    id: '9007199254740993',
    note: '',
    price: '12345678.0001',
    exact: '3.141592653589793238462643383279502884197',
    at: '2021-01-01 00:00:00.123456',
    at_tz: '2021-01-01 08:00:00+00',
    payload: '\\x00ff0a',
    ratio: '0.1',
    small_ratio: '0.1',
    flag: 'false',
    day: '2021-02-28',
    clock: '13:45:00.25',
    ref: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
  },
  {
    id: '2',
    note: null,
    price: null,
    exact: null,
    at: null,
    at_tz: null,
    payload: null,
    ratio: null,
    small_ratio: null,
    flag: null,
    day: null,
    clock: null,
    ref: null,
  },
  {
    id: '3',
    note: 'a "quoted", (parenthesised) \\ back\nslash\ttab',
    price: '-0.5000',
    exact: '10',
    at: '1999-12-31 23:59:59',
    at_tz: '2021-06-30 23:59:59.5+00',
    payload: '\\x',
    ratio: '1e+20',
    small_ratio: '3',
    flag: 'true',
    day: '2000-01-01',
    clock: '00:00:00',
    ref: '00000000-0000-0000-0000-000000000000',
  },
];

export const edgeSelectText = `SELECT ${edgeTable.columns.map((c) => `${c.name}::text AS ${c.name}`).join(', ')} FROM public.edge_values ORDER BY id::numeric DESC`;

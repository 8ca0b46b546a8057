import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTargetDatabase, type TargetDatabase } from './target-database';
import { schemaOfDdl } from './target-schema';

const ddl = readFileSync(
  join(__dirname, '../../../../test/fixtures/chinook/chinook-target-schema.sql'),
  'utf8',
);

describe('TargetDatabase.parseDdl (embedded PGlite target)', () => {
  let target: TargetDatabase;
  beforeAll(async () => {
    target = await openTargetDatabase({ kind: 'pglite', uri: 'memory://' });
  }, 60_000);
  afterAll(() => target.close());

  it('reads the schema a DDL file would create, exactly as a scratch database does', async () => {
    const parsed = await target.parseDdl(ddl);
    expect(parsed).toEqual(await schemaOfDdl(ddl));
    expect(parsed.tables.map((t) => t.name)).toContain('invoice_line');
    const invoiceLine = parsed.tables.find((t) => t.name === 'invoice_line');
    expect(invoiceLine?.foreignKeys.map((fk) => fk.referencedTable).sort()).toEqual([
      'invoice',
      'track',
    ]);
  }, 60_000);

  it('leaves nothing behind in the target', async () => {
    await target.parseDdl(ddl);
    expect((await target.discover()).tables).toEqual([]);
  });

  it('refuses DDL whose tables name their own schema (the caller falls back to a scratch database), leaving nothing behind', async () => {
    const qualified = 'CREATE TABLE public.orders (id integer PRIMARY KEY, note text);';
    await expect(target.parseDdl(qualified)).rejects.toThrow(/names schemas of its own/);
    expect((await target.discover()).tables).toEqual([]);
    expect((await schemaOfDdl(qualified)).tables.map((t) => t.name)).toEqual(['orders']);
  });

  it('fails on DDL the target cannot run, changing nothing', async () => {
    await expect(
      target.parseDdl('CREATE TABLE broken (id int PRIMARY KEY, oops)'),
    ).rejects.toThrow();
    expect((await target.discover()).tables).toEqual([]);
  });
});

import type { DataStoreRef, LineageEdge } from '@sensei/domain';
import type {
  ColumnRef,
  LineageGraph,
  LineageStep,
} from '../../libs/infra/src/lineage/lineage-graph.port';
import { chinookLineage } from './lineage-chinook-edges';
import {
  LineageHistory,
  chinookSource,
  chinookTarget,
  salesMart,
  salesMartLineage,
  storeIdOf,
} from './lineage-events';

export interface LineageGraphFixture {
  /** A fresh, empty graph. */
  graph: LineageGraph;
  cleanup(): Promise<void>;
}

const column = (store: DataStoreRef, qualified: string): ColumnRef => {
  const dot = qualified.lastIndexOf('.');
  return {
    store: storeIdOf(store),
    table: qualified.slice(0, dot),
    column: qualified.slice(dot + 1),
  };
};

const edgeInto = (
  lineage: readonly LineageEdge[],
  target: string,
  source?: string,
): LineageEdge => {
  const found = lineage.find(
    (edge) => edge.target === target && (source === undefined || edge.source === source),
  );
  if (!found) throw new Error(`fixture has no edge ${source ?? '*'} -> ${target}`);
  return found;
};

/** The step a walk should report for `edge` of `migrationId`, from store `from` to store `to`. */
const stepFor = (
  migrationId: string,
  edge: LineageEdge,
  stores: { from: DataStoreRef; to: DataStoreRef },
  depth: number,
): LineageStep => ({
  from: column(stores.from, edge.source),
  to: column(stores.to, edge.target),
  transform: edge.transform,
  migrationId,
  mappingId: edge.mappingId,
  depth,
});

const chinookStep = (target: string, depth: number) =>
  stepFor(
    'chinook',
    edgeInto(chinookLineage, target),
    { from: chinookSource, to: chinookTarget },
    depth,
  );
const martStep = (target: string, source: string, depth: number) =>
  stepFor(
    'sales-mart',
    edgeInto(salesMartLineage, target, source),
    { from: chinookTarget, to: salesMart },
    depth,
  );

const codeOf = async (work: Promise<unknown>): Promise<unknown> =>
  work.then(
    () => 'resolved',
    (error: { code?: unknown }) => error.code,
  );

/** A first call may create a server's constraints; the machine may be busy with other suites. */
const testTimeoutMs = 30_000;

/** One contract for every lineage graph adapter (PGlite, PostgreSQL, Neo4j). */
export const lineageGraphContract = (
  name: string,
  makeGraph: () => Promise<LineageGraphFixture>,
): void => {
  describe(`${name}: lineage graph`, () => {
    let fixture: LineageGraphFixture | undefined;
    let graph: LineageGraph;
    beforeEach(async () => {
      fixture = undefined;
      fixture = await makeGraph();
      graph = fixture.graph;
    }, 60_000);
    afterEach(() => fixture?.cleanup(), 60_000);

    it(
      'traces invoice_line.unit_price of the Chinook migration back to InvoiceLine.UnitPrice',
      async () => {
        const events = new LineageHistory()
          .requested('chinook', chinookSource, chinookTarget)
          .transformed('chinook', chinookLineage)
          .recorded();
        await graph.apply(events);

        const unitPrice = chinookStep('invoice_line.unit_price', 1);
        expect(unitPrice).toMatchObject({
          from: { table: 'InvoiceLine', column: 'UnitPrice' },
          to: { table: 'invoice_line', column: 'unit_price' },
          transform: 'identity',
          mappingId: 'map:InvoiceLine.UnitPrice:invoice_line.unit_price',
        });
        expect(
          await graph.upstream({
            migrationId: 'chinook',
            table: 'invoice_line',
            column: 'unit_price',
          }),
        ).toEqual([unitPrice]);
        expect(await graph.upstream(column(chinookTarget, 'invoice_line.unit_price'))).toEqual([
          unitPrice,
        ]);
        expect(
          await graph.downstream({
            migrationId: 'chinook',
            table: 'InvoiceLine',
            column: 'UnitPrice',
          }),
        ).toEqual([unitPrice]);
        expect(await graph.upstream(column(chinookTarget, 'customer.email'))).toEqual([
          chinookStep('customer.email', 1),
        ]);
        // A column nothing fed, and one in another store with the same name, have no lineage.
        expect(await graph.upstream(column(chinookTarget, 'invoice_line.discount'))).toEqual([]);
        expect(await graph.upstream(column(salesMart, 'invoice_line.unit_price'))).toEqual([]);
        expect(await graph.migrationStores('chinook')).toEqual({
          source: storeIdOf(chinookSource),
          target: storeIdOf(chinookTarget),
        });
      },
      testTimeoutMs,
    );

    it(
      'follows a column across two migrations, expressions and several source columns',
      async () => {
        await graph.apply(new LineageHistory().chinookThenSalesMart().recorded());

        // sales_fact.revenue = unit_price * quantity: two branches, each back to Chinook's source.
        expect(
          await graph.upstream({
            migrationId: 'sales-mart',
            table: 'sales_fact',
            column: 'revenue',
          }),
        ).toEqual([
          martStep('sales_fact.revenue', 'invoice_line.quantity', 1),
          martStep('sales_fact.revenue', 'invoice_line.unit_price', 1),
          chinookStep('invoice_line.quantity', 2),
          chinookStep('invoice_line.unit_price', 2),
        ]);
        expect(
          await graph.downstream({
            migrationId: 'chinook',
            table: 'InvoiceLine',
            column: 'UnitPrice',
          }),
        ).toEqual([
          chinookStep('invoice_line.unit_price', 1),
          martStep('sales_fact.revenue', 'invoice_line.unit_price', 2),
          martStep('sales_fact.unit_price_cents', 'invoice_line.unit_price', 2),
        ]);
        expect(
          (await graph.upstream(column(salesMart, 'sales_fact.unit_price_cents')))[0]?.transform,
        ).toBe('CAST(round(unit_price * 100) AS BIGINT)');
      },
      testTimeoutMs,
    );

    it(
      'stops a walk at maxDepth and refuses a maxDepth outside 1..100',
      async () => {
        await graph.apply(new LineageHistory().chinookThenSalesMart().recorded());
        const revenue = column(salesMart, 'sales_fact.revenue');

        expect((await graph.upstream(revenue, 1)).map((step) => step.depth)).toEqual([1, 1]);
        expect(await graph.upstream(revenue, 2)).toHaveLength(4);
        for (const bad of [0, 1.5, 101]) {
          expect(await codeOf(graph.upstream(revenue, bad))).toBe('VALIDATION.FAILED');
        }
      },
      testTimeoutMs,
    );

    it(
      'answers MIGRATION.NOT_FOUND for a migration the graph has not seen',
      async () => {
        expect(
          await codeOf(
            graph.upstream({ migrationId: 'nope', table: 'invoice_line', column: 'unit_price' }),
          ),
        ).toBe('MIGRATION.NOT_FOUND');
      },
      testTimeoutMs,
    );

    it(
      'applies each event once: re-applying the same or overlapping batches changes nothing',
      async () => {
        const events = new LineageHistory().chinookThenSalesMart().recorded();
        const revenue = column(salesMart, 'sales_fact.revenue');

        expect(await graph.apply(events.slice(0, 4))).toBe(4);
        expect(await graph.apply(events)).toBe(events.length);
        const once = await graph.upstream(revenue);
        expect(await graph.apply(events)).toBe(events.length);
        expect(await graph.apply(events.slice(2))).toBe(events.length);

        expect(await graph.upstream(revenue)).toEqual(once);
        expect(once).toHaveLength(4);
        expect(await graph.downstream(column(chinookSource, 'InvoiceLine.UnitPrice'))).toHaveLength(
          3,
        );
      },
      testTimeoutMs,
    );

    it(
      'moves the checkpoint with every batch, lineage or not, and only forward',
      async () => {
        const events = new LineageHistory().chinookThenSalesMart().recorded();
        expect(await graph.checkpoint()).toBe(0);
        expect(await graph.apply([])).toBe(0);

        expect(await graph.apply(events.slice(0, 2))).toBe(2);
        expect(await graph.checkpoint()).toBe(2);
        expect(await graph.upstream(column(chinookTarget, 'invoice_line.unit_price'))).toEqual([]);

        expect(await graph.apply(events.slice(2))).toBe(events.length);
        expect(await graph.checkpoint()).toBe(events.length);
        expect(await graph.apply(events.slice(0, 3))).toBe(events.length);
      },
      testTimeoutMs,
    );

    it(
      'rolls back a failed batch together with its checkpoint',
      async () => {
        const events = new LineageHistory()
          .requested('chinook', chinookSource, chinookTarget)
          // Lineage of a migration never requested: a broken log, refused rather than skipped.
          .transformed('orphan', salesMartLineage)
          .recorded();

        await expect(graph.apply(events)).rejects.toThrow(/orphan/);
        expect(await graph.checkpoint()).toBe(0);
        expect(await graph.migrationStores('chinook')).toBeUndefined();

        await graph.apply(events.slice(0, 1));
        expect(await graph.checkpoint()).toBe(1);
      },
      testTimeoutMs,
    );

    it(
      'walks a cycle (A feeds B, B feeds A back) without looping, each edge once',
      async () => {
        const east: DataStoreRef = { kind: 'postgres', uri: 'postgres://app@east/crm' };
        const west: DataStoreRef = { kind: 'postgres', uri: 'postgres://app@west/crm' };
        const there = {
          mappingId: 'm-east-west',
          source: 'customer.email',
          transform: 'lower(email)',
          target: 'customer.email',
        };
        const back = { ...there, mappingId: 'm-west-east', transform: 'identity' };
        await graph.apply(
          new LineageHistory()
            .requested('east-to-west', east, west)
            .transformed('east-to-west', [there])
            .requested('west-to-east', west, east)
            .transformed('west-to-east', [back])
            .recorded(),
        );

        const expected = [
          stepFor('west-to-east', back, { from: west, to: east }, 1),
          stepFor('east-to-west', there, { from: east, to: west }, 2),
        ];
        expect(await graph.upstream(column(east, 'customer.email'))).toEqual(expected);
        expect(await graph.upstream(column(east, 'customer.email'), 100)).toEqual(expected);
        expect(await graph.downstream(column(west, 'customer.email'), 100)).toEqual(expected);
      },
      testTimeoutMs,
    );

    it(
      'keeps only the lineage of the latest transformation of a migration',
      async () => {
        const history = new LineageHistory()
          .requested('chinook', chinookSource, chinookTarget)
          .transformed('chinook', chinookLineage)
          .transformed(
            'chinook',
            chinookLineage.filter((edge) => edge.target !== 'invoice_line.unit_price'),
          );
        await graph.apply(history.recorded());

        expect(await graph.upstream(column(chinookTarget, 'invoice_line.unit_price'))).toEqual([]);
        expect(await graph.upstream(column(chinookTarget, 'invoice_line.quantity'))).toEqual([
          chinookStep('invoice_line.quantity', 1),
        ]);
      },
      testTimeoutMs,
    );

    it(
      'reset empties the graph and its checkpoint, so a rebuild from 0 gives the same answers',
      async () => {
        const events = new LineageHistory().chinookThenSalesMart().recorded();
        await graph.apply(events);
        const revenue = column(salesMart, 'sales_fact.revenue');
        const before = await graph.upstream(revenue);

        await graph.reset();
        expect(await graph.checkpoint()).toBe(0);
        expect(await graph.upstream(revenue)).toEqual([]);
        expect(await graph.migrationStores('chinook')).toBeUndefined();

        await graph.apply(events);
        expect(await graph.upstream(revenue)).toEqual(before);
      },
      testTimeoutMs,
    );
  });
};

import type { RecordedEvent } from '../event-store/event-store.port';
import { PGliteSqlClient } from '../sql/pglite-sql-client';
import { lineageProjectorContract } from '../../../../test/contract/lineage-projector.contract';
import {
  LineageGraph,
  type LineageColumn,
  type LineageStep,
  type MigrationStores,
} from './lineage-graph.port';
import { lineageUnavailable } from './lineage-steps';
import { SqlLineageGraph } from './sql/sql-lineage-graph';

/**
 * An embedded graph cannot be taken down from outside, so this one fails every call with
 * LINEAGE.UNAVAILABLE while `down` is set, as a Neo4j or PostgreSQL graph does (their int specs
 * run the same contract against a real closed port).
 */
class SwitchableGraph extends LineageGraph {
  down = false;
  readonly description: string;

  constructor(private readonly inner: LineageGraph) {
    super();
    this.description = `switchable ${inner.description}`;
  }

  apply(events: readonly RecordedEvent[]) {
    return this.whenUp(() => this.inner.apply(events));
  }
  checkpoint() {
    return this.whenUp(() => this.inner.checkpoint());
  }
  reset() {
    return this.whenUp(() => this.inner.reset());
  }
  ping() {
    return this.whenUp(() => this.inner.ping());
  }
  close() {
    return this.inner.close();
  }
  migrationStores(migrationId: string): Promise<MigrationStores | undefined> {
    return this.whenUp(() => this.inner.migrationStores(migrationId));
  }
  override upstream(column: LineageColumn, maxDepth?: number) {
    return this.whenUp(() => this.inner.upstream(column, maxDepth));
  }
  override downstream(column: LineageColumn, maxDepth?: number) {
    return this.whenUp(() => this.inner.downstream(column, maxDepth));
  }
  protected walk(): Promise<LineageStep[]> {
    throw new Error('walks go through the inner graph');
  }

  private whenUp<T>(work: () => Promise<T>): Promise<T> {
    if (this.down) return Promise.reject(lineageUnavailable('switched off by the test'));
    return work();
  }
}

let sql: PGliteSqlClient | undefined;
let graphs = 0;
afterAll(() => sql?.close());

lineageProjectorContract('PGlite graph switched off and on', async () => {
  sql ??= await PGliteSqlClient.open('memory://');
  graphs += 1;
  const graph = new SwitchableGraph(
    await SqlLineageGraph.open(sql, { schema: `lineage_projector_${graphs}` }),
  );
  const bystander = await SqlLineageGraph.open(sql, { schema: `lineage_bystander_${graphs}` });
  return {
    graph,
    bystander,
    takeDown: () => Promise.resolve(void (graph.down = true)),
    bringUp: () => Promise.resolve(void (graph.down = false)),
    cleanup: () => graph.close(),
  };
});

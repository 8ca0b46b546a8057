import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import type { RecordedEvent } from '../../event-store/event-store.port';
import {
  eventsAfter,
  lineageChangesOf,
  type MigrationEdgesChange,
  type MigrationStoresChange,
} from '../lineage-changes';
import {
  LineageGraph,
  type ColumnRef,
  type LineageDirection,
  type LineageStep,
  type MigrationStores,
} from '../lineage-graph.port';
import {
  createEdgesCypher,
  deleteMigrationEdgesCypher,
  lineageSchemaCypher,
  lockCheckpointCypher,
  migrationStoresCypher,
  nodeKey,
  readCheckpointCypher,
  resetCypher,
  setCheckpointCypher,
  walkCypher,
  writeMigrationCypher,
} from './lineage-cypher';
import { describeNeo4jUrl, neo4jUnavailable } from './neo4j-unavailable';

export interface Neo4jLineageGraphOptions {
  /** `bolt://host:7687` or `neo4j://...`. */
  url: string;
  /** Basic auth; without a password the driver connects without credentials. */
  user?: string;
  password?: string;
  /** Database name (default: the server's default database). */
  database?: string;
  /** Names this graph inside the database (default `sensei`); a rebuild fills another one. */
  graph?: string;
  /** Fail a connection attempt after this long (default 5000 ms). */
  connectionTimeoutMs?: number;
  /** How long the driver retries a transaction on a transient failure (default 5000 ms). */
  maxTransactionRetryTimeMs?: number;
}

interface WalkRecord {
  fromStore: string;
  fromTable: string;
  fromColumn: string;
  toStore: string;
  toTable: string;
  toColumn: string;
  transform: string;
  migrationId: string;
  mappingId: string;
  depth: number;
}

/** `EquivalentSchemaRuleAlreadyExists`, `ConstraintAlreadyExists`, `IndexAlreadyExists`. */
const alreadyExists = /^Neo\.ClientError\.Schema\.\w*AlreadyExists$/;

/**
 * The lineage graph in Neo4j: MERGEd column nodes and FEEDS relationships, walked by
 * variable-length path queries. Constraints and indexes are created on the first call that
 * reaches the server, so a graph opened while Neo4j is down works once it is back.
 */
export class Neo4jLineageGraph extends LineageGraph {
  readonly description: string;
  private readonly driver: Driver;
  private readonly graph: string;
  private schemaReady: Promise<void> | undefined;

  constructor(private readonly options: Neo4jLineageGraphOptions) {
    super();
    this.graph = options.graph ?? 'sensei';
    this.description = `neo4j lineage graph (${describeNeo4jUrl(options.url)}, graph ${this.graph})`;
    const auth =
      options.password === undefined
        ? undefined
        : neo4j.auth.basic(options.user ?? 'neo4j', options.password);
    this.driver = neo4j.driver(options.url, auth, {
      disableLosslessIntegers: true,
      connectionTimeout: options.connectionTimeoutMs ?? 5000,
      connectionAcquisitionTimeout: (options.connectionTimeoutMs ?? 5000) * 2,
      maxTransactionRetryTime: options.maxTransactionRetryTimeMs ?? 5000,
    });
  }

  apply(events: readonly RecordedEvent[]): Promise<number> {
    return this.write(async (tx) => {
      const locked = await tx.run(lockCheckpointCypher, { graph: this.graph });
      const checkpoint = Number(locked.records[0]?.get('position') ?? 0);
      const fresh = eventsAfter(events, checkpoint);
      const last = fresh[fresh.length - 1];
      if (!last) return checkpoint;
      const changes = await lineageChangesOf(fresh, (id) => this.storesOf(tx, id));
      for (const change of changes) {
        if (change.kind === 'migration') await this.writeMigration(tx, change);
        else await this.replaceEdges(tx, change);
      }
      await tx.run(setCheckpointCypher, { graph: this.graph, position: neo4j.int(last.position) });
      return last.position;
    });
  }

  checkpoint(): Promise<number> {
    return this.read(async (tx) => {
      const result = await tx.run(readCheckpointCypher, { graph: this.graph });
      return Number(result.records[0]?.get('position') ?? 0);
    });
  }

  reset(): Promise<void> {
    return this.write(async (tx) => {
      for (const statement of resetCypher) await tx.run(statement, { graph: this.graph });
    });
  }

  async ping(): Promise<void> {
    try {
      await this.driver.verifyConnectivity(this.sessionTarget());
    } catch (error) {
      throw neo4jUnavailable(error, this.description) ?? error;
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  migrationStores(migrationId: string): Promise<MigrationStores | undefined> {
    return this.read((tx) => this.storesOf(tx, migrationId));
  }

  protected walk(
    direction: LineageDirection,
    start: ColumnRef,
    maxDepth: number,
  ): Promise<LineageStep[]> {
    return this.read(async (tx) => {
      const key = nodeKey(this.graph, start.store, start.table, start.column);
      const result = await tx.run(walkCypher(direction, maxDepth), { key });
      return result.records.map((record) => {
        const row = record.toObject() as unknown as WalkRecord;
        return {
          from: { store: row.fromStore, table: row.fromTable, column: row.fromColumn },
          to: { store: row.toStore, table: row.toTable, column: row.toColumn },
          transform: row.transform,
          migrationId: row.migrationId,
          mappingId: row.mappingId,
          depth: Number(row.depth),
        };
      });
    });
  }

  private async storesOf(
    tx: ManagedTransaction,
    migrationId: string,
  ): Promise<MigrationStores | undefined> {
    const result = await tx.run(migrationStoresCypher, {
      key: nodeKey(this.graph, migrationId),
    });
    const record = result.records[0];
    return record && { source: String(record.get('source')), target: String(record.get('target')) };
  }

  private async writeMigration(tx: ManagedTransaction, change: MigrationStoresChange) {
    await tx.run(writeMigrationCypher, {
      key: nodeKey(this.graph, change.migrationId),
      graph: this.graph,
      migrationId: change.migrationId,
      source: change.source,
      target: change.target,
      position: neo4j.int(change.position),
    });
  }

  private async replaceEdges(tx: ManagedTransaction, change: MigrationEdgesChange) {
    const scope = { graph: this.graph, migrationId: change.migrationId };
    await tx.run(deleteMigrationEdgesCypher, scope);
    if (change.edges.length === 0) return;
    const key = (column: ColumnRef) =>
      nodeKey(this.graph, column.store, column.table, column.column);
    await tx.run(createEdgesCypher, {
      ...scope,
      position: neo4j.int(change.position),
      edges: change.edges.map((edge) => ({
        mappingId: edge.mappingId,
        transform: edge.transform,
        from: edge.from,
        to: edge.to,
        fromKey: key(edge.from),
        toKey: key(edge.to),
      })),
    });
  }

  private read<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return this.session('READ', work);
  }

  private write<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return this.session('WRITE', work);
  }

  private async session<T>(
    mode: 'READ' | 'WRITE',
    work: (tx: ManagedTransaction) => Promise<T>,
  ): Promise<T> {
    try {
      await this.ensureSchema();
      const session = this.driver.session({
        ...this.sessionTarget(),
        defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      });
      try {
        return mode === 'READ' ? await session.executeRead(work) : await session.executeWrite(work);
      } finally {
        await session.close();
      }
    } catch (error) {
      throw neo4jUnavailable(error, this.description) ?? error;
    }
  }

  /** Once per successful start; a failure (server down) is forgotten so the next call retries. */
  private ensureSchema(): Promise<void> {
    this.schemaReady ??= this.createSchema().catch((error: unknown) => {
      this.schemaReady = undefined;
      throw error;
    });
    return this.schemaReady;
  }

  private async createSchema(): Promise<void> {
    const session = this.driver.session(this.sessionTarget());
    try {
      // Schema statements cannot share a transaction with writes; each runs on its own. Another
      // process creating the same rule at the same moment is success, not a failure.
      for (const statement of lineageSchemaCypher) {
        await session.run(statement).catch((error: { code?: unknown }) => {
          if (typeof error.code !== 'string' || !alreadyExists.test(error.code)) throw error;
        });
      }
    } finally {
      await session.close();
    }
  }

  private sessionTarget(): { database?: string } {
    return this.options.database === undefined ? {} : { database: this.options.database };
  }
}

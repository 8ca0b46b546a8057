import jwt from 'jsonwebtoken';
import type { Role, SqlClient, SqlExecutor, SqlRows } from '@sensei/infra';
import { createProjectionsApp, type ProjectionsAppOptions } from '../../src/bootstrap';
import { defaultGraphqlLimits, type ProjectionsConfig } from '../../src/config/projections.config';
import type { ReadSideHarness } from './read-side-harness';

export const JWT_SECRET = 'e2e-secret-that-is-long-enough-0123456789';

export const testConfig = (
  graphql: Partial<ProjectionsConfig['graphql']> = {},
): ProjectionsConfig => ({
  port: 0,
  host: '127.0.0.1',
  auth: { jwtSecret: JWT_SECRET, devMode: false },
  // No read cache unless a test asks: statement counts must see every read.
  graphql: {
    ...defaultGraphqlLimits,
    cacheMs: 0,
    introspection: true,
    graphiql: false,
    ...graphql,
  },
});

export const tokenFor = (role: Role, sub = `${role}-user`): string =>
  jwt.sign({ sub, role }, JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' });

export const bearer = (role: Role = 'viewer') => ({ authorization: `Bearer ${tokenFor(role)}` });

/** Counts the SQL statements sent through it: the N+1 tests assert on `count`. */
export class CountingSqlClient implements SqlClient {
  count = 0;
  readonly statements: string[] = [];

  constructor(private readonly inner: SqlClient) {}

  get description(): string {
    return this.inner.description;
  }

  query<Row = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<SqlRows<Row>> {
    this.count += 1;
    this.statements.push(sql.replace(/\s+/g, ' ').trim());
    return this.inner.query<Row>(sql, params);
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.inner.transaction((tx) =>
      work({
        query: (sql, params) => {
          this.count += 1;
          this.statements.push(sql.replace(/\s+/g, ' ').trim());
          return tx.query(sql, params);
        },
      }),
    );
  }

  reset(): void {
    this.count = 0;
    this.statements.length = 0;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

export type GraphqlBody = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
};

export interface GraphqlResult {
  status: number;
  headers: Record<string, unknown>;
  body: GraphqlBody;
}

export type TestApp = Awaited<ReturnType<typeof createProjectionsApp>>;

/** The app on a running read side, as main.ts wires it. */
export const startTestApp = (
  harness: ReadSideHarness,
  options: Partial<ProjectionsAppOptions> = {},
): Promise<TestApp> =>
  createProjectionsApp({
    config: testConfig(),
    readSql: harness.readSql,
    lineage: harness.lineage,
    readSide: harness.readSide,
    feed: harness.feed,
    lineageStatus: harness.projector,
    logger: ['error'],
    ...options,
  });

/** POST /graphql through Fastify's inject. */
export const graphql = async (
  { app }: TestApp,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = bearer(),
): Promise<GraphqlResult> => {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify({ query, variables }),
  });
  return {
    status: response.statusCode,
    headers: response.headers,
    body: JSON.parse(response.body) as GraphqlBody,
  };
};

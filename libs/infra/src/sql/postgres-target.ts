/** Where a connection string points, for messages and logs; never carries the password. */
export interface PostgresTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  /** `postgresql://user@host:port/database` */
  description: string;
}

export const describePostgresTarget = (connectionString: string): PostgresTarget => {
  let url: URL | undefined;
  try {
    url = new URL(connectionString);
  } catch {
    url = undefined;
  }
  const host = url?.hostname || process.env.PGHOST || 'localhost';
  const port = Number(url?.port || process.env.PGPORT || 5432);
  const database =
    decodeURIComponent(url?.pathname.replace(/^\//, '') ?? '') ||
    process.env.PGDATABASE ||
    'postgres';
  const user = decodeURIComponent(url?.username ?? '') || process.env.PGUSER || 'postgres';
  return {
    host,
    port,
    database,
    user,
    description: `postgresql://${user}@${host}:${port}/${database}`,
  };
};

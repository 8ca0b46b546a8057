import { SenseiError } from '@sensei/domain';
import { lineageUnavailable } from '../lineage-steps';

/** The URL without credentials, for messages and status. */
export const describeNeo4jUrl = (url: string): string => {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'neo4j (unparsable NEO4J_URL)';
  }
};

const startHint =
  'start it (scripts/neo4j/start.sh, or docker compose --profile neo4j up -d) or fix NEO4J_URL';

/**
 * A failure that means "the graph cannot be used now" becomes LINEAGE.UNAVAILABLE with its fix:
 * the server unreachable or restarting, credentials refused, the database missing. Anything else
 * (a Cypher error is a bug) stays as it is; undefined then.
 */
export const neo4jUnavailable = (error: unknown, graph: string): SenseiError | undefined => {
  if (error instanceof SenseiError || typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code !== 'string') return undefined;
  const details = { code, cause: String(message), graph };
  if (code === 'ServiceUnavailable' || code === 'SessionExpired') {
    return lineageUnavailable(`cannot reach ${graph}: ${startHint}`, details);
  }
  if (code.startsWith('Neo.ClientError.Security.')) {
    return lineageUnavailable(
      `${graph} refused the credentials (${code}): set NEO4J_USER and NEO4J_PASSWORD`,
      details,
    );
  }
  if (code === 'Neo.ClientError.Database.DatabaseNotFound') {
    return lineageUnavailable(`${graph}: ${String(message)}; fix the database name`, details);
  }
  if (code.startsWith('Neo.TransientError.')) {
    return lineageUnavailable(`${graph} is not ready (${code}): retry shortly`, details);
  }
  return undefined;
};

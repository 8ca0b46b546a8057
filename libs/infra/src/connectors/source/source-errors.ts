import { SenseiError } from '@sensei/domain';

interface DriverError {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
  errors?: unknown;
}

/** Node wraps dual-stack connection failures in an AggregateError whose first cause has the code. */
const codeOf = (error: DriverError): string | undefined => {
  if (typeof error.code === 'string') return error.code;
  const first = Array.isArray(error.errors) ? (error.errors[0] as DriverError) : undefined;
  return typeof first?.code === 'string' ? first.code : undefined;
};

const messageOf = (error: unknown): string =>
  typeof (error as DriverError)?.message === 'string'
    ? String((error as DriverError).message)
    : String(error);

/** Where a connector points, for messages: never the password. */
export interface SourceTarget {
  engine: string;
  host: string;
  port: number;
  database: string;
  user: string;
}

/**
 * A driver's connection failure as one line with cause and fix. Anything that is not about
 * reaching the store (a SQL error) is returned unchanged.
 */
export const sourceConnectionError = (error: unknown, target: SourceTarget): unknown => {
  if (error instanceof SenseiError || typeof error !== 'object' || error === null) return error;
  const code = codeOf(error);
  const cause = messageOf(error);
  const at = `${target.engine} at ${target.host}:${target.port}`;
  const details = { cause, code, engine: target.engine, database: target.database };
  const fail = (errorCode: 'SOURCE.UNREACHABLE' | 'SOURCE.NOT_FOUND', text: string) =>
    new SenseiError(errorCode, text, details);
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return fail(
        'SOURCE.UNREACHABLE',
        `cannot resolve host ${target.host} (${code}): fix the host in the source URI`,
      );
    case 'ECONNREFUSED':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ECONNRESET':
      return fail(
        'SOURCE.UNREACHABLE',
        `cannot reach ${at} (${code}): start it, or fix host and port in the source URI`,
      );
    case '28P01':
    case '28000':
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_DBACCESS_DENIED_ERROR':
      return fail(
        'SOURCE.UNREACHABLE',
        `${at} rejected user "${target.user}" (${code}): fix the user in the source URI or its secret`,
      );
    case '3D000':
    case 'ER_BAD_DB_ERROR':
      return fail(
        'SOURCE.NOT_FOUND',
        `database "${target.database}" does not exist on ${at} (${code}): fix the database name in the source URI`,
      );
  }
  if (/timeout|terminated|closed state|Connection lost/i.test(cause)) {
    return fail(
      'SOURCE.UNREACHABLE',
      `lost the connection to ${at} (${cause}): check that it is up, then retry`,
    );
  }
  return error;
};

export const unknownTableError = (table: string, known: readonly string[]): SenseiError =>
  new SenseiError(
    'SOURCE.NOT_FOUND',
    `table "${table}" is not in the source: use one of ${known.join(', ') || '(no tables)'}`,
    { table },
  );

import { SenseiError } from '@sensei/domain';

const maxPageSize = 500;
const defaultPageSize = 50;

/** Opaque to clients: base64url of the sort key of the last item of a page. */
export const encodeCursor = (key: unknown[]): string =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

const badCursor = () =>
  new SenseiError('VALIDATION.FAILED', 'after is not a cursor this API returned', {
    field: 'after',
  });

/** The sort key in `after`, checked against the expected types; undefined for the first page. */
export const decodeCursor = (
  after: string | null | undefined,
  types: Array<'string' | 'number' | 'instant'>,
): Array<string | number> | undefined => {
  if (after === undefined || after === null || after === '') return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const valid =
    Array.isArray(key) &&
    key.length === types.length &&
    key.every((part, index) =>
      types[index] === 'instant'
        ? typeof part === 'string' && !Number.isNaN(Date.parse(part))
        : typeof part === types[index],
    );
  if (!valid) throw badCursor();
  return key as Array<string | number>;
};

export const pageSize = (first: number | undefined): number => {
  if (first === undefined) return defaultPageSize;
  if (!Number.isInteger(first) || first < 1 || first > maxPageSize) {
    throw new SenseiError(
      'VALIDATION.FAILED',
      `first must be an integer from 1 to ${maxPageSize}`,
      {
        field: 'first',
      },
    );
  }
  return first;
};

import { type Type } from '@nestjs/common';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { SenseiError } from '@sensei/domain';

@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field({ description: 'Always false: pages go forward only (first/after).' })
  hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

export interface Edge<Node> {
  cursor: string;
  node: Node;
}

export interface Connection<Node> {
  edges: Edge<Node>[];
  pageInfo: PageInfo;
  /** Counts every match of the filter; run only when the client asks for totalCount. */
  countTotal: () => Promise<number>;
}

/** `XConnection { edges { cursor node } pageInfo totalCount }` for a node type. */
export const connectionTypes = <Node>(node: Type<Node>, name: string) => {
  @ObjectType(`${name}Edge`)
  class EdgeType implements Edge<Node> {
    @Field() cursor!: string;
    @Field(() => node) node!: Node;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType implements Omit<Connection<Node>, 'countTotal'> {
    @Field(() => [EdgeType]) edges!: Edge<Node>[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int, { description: 'Every match of the filter, across all pages.' })
    totalCount!: number;
  }
  return { EdgeType, ConnectionType };
};

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const invalid = (field: string, message: string) =>
  new SenseiError('VALIDATION.FAILED', message, { field });

/** `first` within 1..MAX_PAGE_SIZE (a bad one is the client's error, not a silent clamp). */
export const pageSize = (first: number | undefined): number => {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw invalid('first', `first must be between 1 and ${MAX_PAGE_SIZE}, got ${size}`);
  }
  return size;
};

export const encodeCursor = (key: string): string => Buffer.from(key).toString('base64url');

/** Cursors are opaque to clients; one that does not decode to a key of this list is refused. */
export const decodeCursor = (
  cursor: string | undefined,
  isKey: (key: string) => boolean,
): string | undefined => {
  if (cursor === undefined || cursor === null) return undefined;
  const key = Buffer.from(cursor, 'base64url').toString();
  if (!isKey(key)) throw invalid('after', `after is not a cursor of this list: ${cursor}`);
  return key;
};

const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}(:?\d{2})?|Z)?$/;

/**
 * A [time, id, ...] key as the read models' list orders use: the time as PostgreSQL prints
 * timestamptz (exact to the microsecond), then `ids` strings.
 */
export const isTimeKey =
  (ids: number) =>
  (key: string): boolean => {
    try {
      const parsed: unknown = JSON.parse(key);
      return (
        Array.isArray(parsed) &&
        parsed.length === ids + 1 &&
        typeof parsed[0] === 'string' &&
        PG_TIMESTAMPTZ.test(parsed[0]) &&
        parsed.slice(1).every((part) => typeof part === 'string')
      );
    } catch {
      return false;
    }
  };

/** From `limit + 1` rows fetched: the page, and whether there is another. */
export const toConnection = <Row, Node>(
  rows: readonly Row[],
  limit: number,
  node: (row: Row) => Node,
  keyOf: (row: Row) => string,
  countTotal: () => Promise<number>,
): Connection<Node> => {
  const page = rows.slice(0, limit);
  const edges = page.map((row) => ({ cursor: encodeCursor(keyOf(row)), node: node(row) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > limit,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    countTotal,
  };
};

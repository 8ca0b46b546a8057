import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ReadModelCache } from '../read-models/read-model.cache';

const CACHE_HEADER = 'x-sensei-cache';

interface Pending {
  key: string;
  generation: number;
}

const pending = new WeakMap<FastifyRequest, Pending>();

interface GraphqlRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** Query text, variables and operation name; undefined for what is not one plain query. */
const keyOf = (request: FastifyRequest): string | undefined => {
  const source = (request.method === 'GET' ? request.query : request.body) as
    GraphqlRequest | undefined;
  if (!source || Array.isArray(source) || typeof source.query !== 'string') return undefined;
  if (/^\s*(subscription|mutation)\b/.test(source.query)) return undefined;
  return JSON.stringify([source.query, source.variables ?? null, source.operationName ?? null]);
};

/**
 * Whole answers of identical queries (same text, variables and operation), shared among readers
 * until the read side commits again or the cache's TTL passes: a dashboard polled by many users
 * is executed once per commit. Every role sees the same read models, so an answer may go to any
 * authenticated reader (key it by principal if the API ever filters by who asks). Only answers
 * without errors are kept; `X-Sensei-Cache: hit|miss` says which one a reply was.
 */
export const installResponseCache = (
  fastify: FastifyInstance,
  cache: ReadModelCache,
  path: string,
): void => {
  if (!cache.enabled) return;
  fastify.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url !== path || request.headers.upgrade) return;
    const key = keyOf(request);
    if (key === undefined) return;
    const hit = cache.get<string>(key);
    if (hit !== undefined) {
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header(CACHE_HEADER, 'hit')
        .send(hit);
    }
    pending.set(request, { key, generation: cache.generation });
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    const miss = pending.get(request);
    if (!miss) return payload;
    void reply.header(CACHE_HEADER, 'miss');
    if (reply.statusCode === 200 && typeof payload === 'string' && !payload.includes('"errors"')) {
      cache.set(miss.key, payload, miss.generation);
    }
    return payload;
  });
};

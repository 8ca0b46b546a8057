import { SenseiError, isSenseiError } from '@sensei/domain';
import {
  type Authenticator,
  type CredentialHeaders,
  hasRole,
  type Principal,
  type Role,
} from '@sensei/infra';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Reading is the least a role may do: every role may query the read side. */
export const READER_ROLE: Role = 'viewer';

const AUTHENTICATE_CHALLENGE = 'Bearer realm="sensei", ApiKey realm="sensei"';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the GraphQL auth hook on every /graphql request. */
    principal?: Principal;
  }
}

/** The same credentials and roles as the command API: a JWT or an API key, then the role. */
export const authorize = async (
  authenticator: Authenticator,
  headers: CredentialHeaders,
): Promise<Principal> => {
  const principal = await authenticator.authenticate(headers);
  if (!hasRole(principal.role, READER_ROLE)) {
    throw new SenseiError(
      'AUTH.FORBIDDEN',
      `${principal.id} has role ${principal.role}; reading needs ${READER_ROLE} or higher`,
      { role: principal.role, requiredRole: READER_ROLE },
    );
  }
  return principal;
};

/** The GraphQL code a client switches on, next to Sensei's own code. */
export const graphqlCodeOf = (code: string): string => {
  if (code === 'AUTH.UNAUTHENTICATED') return 'UNAUTHENTICATED';
  if (code === 'AUTH.FORBIDDEN') return 'FORBIDDEN';
  if (code === 'VALIDATION.FAILED') return 'BAD_USER_INPUT';
  if (code.endsWith('.NOT_FOUND')) return 'NOT_FOUND';
  if (code.endsWith('.UNAVAILABLE') || code.endsWith('.UNREACHABLE')) return 'SERVICE_UNAVAILABLE';
  return 'INTERNAL_SERVER_ERROR';
};

/** GraphQL clients get a GraphQL response; REST routes the command API's error shape. */
const refuse = (reply: FastifyReply, error: SenseiError, graphql: boolean): FastifyReply => {
  const status = error.code === 'AUTH.FORBIDDEN' ? 403 : 401;
  if (status === 401) void reply.header('WWW-Authenticate', AUTHENTICATE_CHALLENGE);
  const { code, message, details } = error;
  return reply.code(status).send(
    graphql
      ? {
          data: null,
          errors: [
            { message, extensions: { code: graphqlCodeOf(code), senseiCode: code, ...details } },
          ],
        }
      : { error: { code, message, details } },
  );
};

const isWebSocketUpgrade = (request: FastifyRequest): boolean =>
  String(request.headers.upgrade ?? '').toLowerCase() === 'websocket';

/**
 * Authenticates every HTTP request to the protected routes before anything is parsed: 401
 * UNAUTHENTICATED without a valid credential, 403 FORBIDDEN without the reader role. A WebSocket
 * (subscriptions) authenticates in its connection_init message instead, as browsers cannot set
 * headers on one.
 */
export const installReaderAuth = (
  fastify: FastifyInstance,
  authenticator: Authenticator,
  routes: { graphql: string; rest: readonly string[] },
): void => {
  fastify.addHook('onRequest', async (request, reply) => {
    const url = request.routeOptions.url;
    const graphql = url === routes.graphql;
    if (!graphql && !routes.rest.includes(url ?? '')) return;
    if (graphql && isWebSocketUpgrade(request)) return;
    try {
      request.principal = await authorize(authenticator, request.headers);
    } catch (error) {
      if (!isSenseiError(error)) throw error;
      return refuse(reply, error, graphql);
    }
  });
};

/**
 * The credential of a WebSocket: `connection_init`'s payload carries the headers by name
 * (`{ authorization: 'Bearer ...' }` or `{ headers: { ... } }`), as graphql-ws clients send them.
 */
export const connectionInitHeaders = (payload: unknown): CredentialHeaders => {
  if (typeof payload !== 'object' || payload === null) return {};
  const record = payload as Record<string, unknown>;
  const source =
    typeof record.headers === 'object' && record.headers !== null
      ? (record.headers as Record<string, unknown>)
      : record;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (typeof value === 'string') headers[name.toLowerCase()] = value;
  }
  return headers;
};

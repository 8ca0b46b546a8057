import type { Principal } from '@sensei/infra';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the AuthGuard on every non-public route. */
    principal?: Principal;
  }
}

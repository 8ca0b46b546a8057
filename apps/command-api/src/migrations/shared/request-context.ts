import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { MessageMetadata } from '@sensei/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { validationFailed } from '../../http/validation';
import { ID_PATTERN, newId } from './ids';
import type { CommandEnvelope } from './migration-command.sender';

/**
 * The metadata a command carries into its events: who (the authenticated principal), the
 * correlation id (`X-Correlation-Id` or generated, see bootstrap), a fresh causation id for this
 * request, the server's clock, and the id of the first event.
 */
const metadataOf = (request: FastifyRequest): MessageMetadata => {
  if (!request.principal) throw new Error('Command metadata needs a route with RequireRole');
  return {
    eventId: newId(),
    correlationId: request.id,
    causationId: newId(),
    actor: request.principal.id,
    timestamp: new Date().toISOString(),
  };
};

const REVISION = /^(?:W\/)?"?(-?\d{1,15})"?$/;

/**
 * Optimistic concurrency: `If-Match: "<revision>"` (the `revision` or ETag of an earlier
 * response). The command is refused with 409 unless the stream is still at that revision.
 */
const expectedRevisionOf = (request: FastifyRequest): number | undefined => {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const revision = REVISION.exec(header.trim())?.[1];
  if (revision === undefined || Number(revision) < -1) {
    throw validationFailed([
      { field: 'If-Match', problems: ['must be a stream revision such as "3" (see ETag)'] },
    ]);
  }
  return Number(revision);
};

const migrationIdOf = (request: FastifyRequest): string => {
  const { id } = request.params as { id?: unknown };
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw validationFailed([{ field: 'id', problems: ['id is not a valid migration id'] }]);
  }
  return id;
};

export const CommandMetadata = createParamDecorator(
  (_data: unknown, context: ExecutionContext): MessageMetadata =>
    metadataOf(context.switchToHttp().getRequest<FastifyRequest>()),
);

/** Everything a lifecycle command takes from the request besides its body. */
export const MigrationCommandEnvelope = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CommandEnvelope => {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return {
      migrationId: migrationIdOf(request),
      metadata: metadataOf(request),
      expectedRevision: expectedRevisionOf(request),
      reply: context.switchToHttp().getResponse<FastifyReply>(),
    };
  },
);

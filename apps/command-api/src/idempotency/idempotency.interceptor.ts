import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SenseiError } from '@sensei/domain';
import { type IdempotencyRecord, IdempotencyStore, type StoredResponse } from '@sensei/infra';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, type Observable, of, throwError } from 'rxjs';
import { validationFailed } from '../http/validation';
import { requestHash } from './request-hash';
import { SKIP_IDEMPOTENCY } from './skip-idempotency.decorator';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

const keyFrom = (request: FastifyRequest): string | undefined => {
  const key = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !KEY_FORMAT.test(key)) {
    throw validationFailed([
      {
        field: 'Idempotency-Key',
        problems: ['must be 1 to 255 visible ASCII characters, sent once'],
      },
    ]);
  }
  return key;
};

const reuseError = (key: string, record: IdempotencyRecord, method: string, path: string) => {
  const sameRoute = record.method === method && record.path === path;
  return new SenseiError(
    'IDEMPOTENCY.KEY_REUSED',
    sameRoute
      ? `Idempotency-Key ${key} was already used with a different body`
      : `Idempotency-Key ${key} was already used for ${record.method} ${record.path}`,
    { idempotencyKey: key, firstUse: { method: record.method, path: record.path } },
  );
};

/**
 * `Idempotency-Key` on a POST: the first response (status and body) is stored and replayed for a
 * retry of the same request by the same principal, so a retried command never appends twice.
 * A failed request releases its key, so the client may retry it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  /** The command succeeded: a failure to record it must not turn success into an error. */
  private async complete(principal: string, key: string, response: StoredResponse): Promise<void> {
    try {
      await this.store.complete(principal, key, response, new Date().toISOString());
    } catch (error) {
      this.logger.error(`Could not record the response for Idempotency-Key ${key}`, String(error));
    }
  }

  private async release(principal: string, key: string): Promise<void> {
    try {
      await this.store.release(principal, key);
    } catch (error) {
      this.logger.error(`Could not release Idempotency-Key ${key}`, String(error));
    }
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const skip = this.reflector.get<string | undefined>(SKIP_IDEMPOTENCY, context.getHandler());
    const key = request.method === 'POST' && !skip ? keyFrom(request) : undefined;
    if (key === undefined) return next.handle();

    const principal = request.principal?.id ?? 'anonymous';
    const { method, url: path } = request;
    const hash = requestHash(request.body);
    const claim = {
      principal,
      key,
      method,
      path,
      requestHash: hash,
      now: new Date().toISOString(),
    };
    const outcome = await this.store.claim(claim);
    if (outcome.outcome === 'existing') {
      const { record } = outcome;
      if (record.method !== method || record.path !== path || record.requestHash !== hash) {
        throw reuseError(key, record, method, path);
      }
      if (record.state === 'in_progress' || !record.response) {
        throw new SenseiError(
          'IDEMPOTENCY.IN_PROGRESS',
          `A request with Idempotency-Key ${key} is still in progress; retry later`,
          { idempotencyKey: key },
        );
      }
      void reply.status(record.response.status).header(REPLAYED_HEADER, 'true');
      return of(record.response.body);
    }

    return next.handle().pipe(
      catchError((error: unknown) =>
        from(this.release(principal, key)).pipe(mergeMap(() => throwError(() => error))),
      ),
      mergeMap(async (body: unknown) => {
        await this.complete(principal, key, { status: reply.statusCode, body });
        return body;
      }),
    );
  }
}

import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import { isSenseiError } from '@sensei/domain';
import type { FastifyReply } from 'fastify';
import { httpCodeForStatus, httpStatusByCode } from './error-table';
import type { ErrorDto } from './error-response';

interface RenderedError {
  status: number;
  error: ErrorDto;
}

const AUTHENTICATE_CHALLENGE = 'Bearer realm="sensei", ApiKey realm="sensei"';

/** Fastify's own errors (malformed JSON, wrong content type...) carry `statusCode` and `FST_*`. */
const isFastifyClientError = (
  error: unknown,
): error is Error & { statusCode: number; code: string } => {
  const { code, statusCode } = (error ?? {}) as { code?: unknown; statusCode?: unknown };
  return (
    error instanceof Error &&
    typeof code === 'string' &&
    code.startsWith('FST_') &&
    typeof statusCode === 'number' &&
    statusCode < 500
  );
};

/**
 * Validation failures always list `fields`: from the validation pipe as they are, from a domain
 * rule (`details.field`) as that one field with the rule's message.
 */
const withFields = (error: ErrorDto): ErrorDto => {
  const { fields, ...details } = error.details;
  if (Array.isArray(fields)) return { ...error, details, fields: fields as ErrorDto['fields'] };
  if (error.code === 'VALIDATION.FAILED' && typeof details.field === 'string') {
    return { ...error, fields: [{ field: details.field, problems: [error.message] }] };
  }
  return error;
};

const render = (exception: unknown): RenderedError => {
  if (isSenseiError(exception)) {
    const { code, message, details } = exception;
    return { status: httpStatusByCode[code], error: withFields({ code, message, details }) };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = status === 400 ? 'VALIDATION.FAILED' : httpCodeForStatus(status);
    return { status, error: { code, message: exception.message, details: {} } };
  }
  if (isFastifyClientError(exception)) {
    const { statusCode: status, message } = exception;
    const code = status === 400 ? 'VALIDATION.FAILED' : httpCodeForStatus(status);
    return { status, error: { code, message, details: {} } };
  }
  return {
    status: 500,
    error: { code: 'INTERNAL', message: 'Internal server error', details: {} },
  };
};

/** Renders every error as `{ error: { code, message, details } }`; stacks stay in the log. */
@Catch()
export class SenseiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, error } = render(exception);
    if (status >= 500) {
      this.logger.error(
        `${error.code}: ${exception instanceof Error ? exception.message : String(exception)}`,
        exception instanceof Error ? exception.stack : undefined,
      );
    }
    if (status === 401) void reply.header('WWW-Authenticate', AUTHENTICATE_CHALLENGE);
    void reply.status(status).send({ error });
  }
}

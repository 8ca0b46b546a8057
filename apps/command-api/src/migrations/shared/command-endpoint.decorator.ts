import { applyDecorators, HttpCode, HttpStatus } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Role } from '@sensei/infra';
import { RequireRole } from '../../auth/access.decorators';
import { ErrorResponseDto } from '../../http/error-response';
import { CommandAcceptedResponse } from './command-accepted.response';

/** The responses and headers every command endpoint shares. */
export const CommandResponses = () =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Retry-safe key: a repeat with the same body replays the first response',
    }),
    ApiHeader({
      name: 'X-Correlation-Id',
      required: false,
      description: 'Recorded in event metadata',
    }),
    ApiBadRequestResponse({
      description: 'VALIDATION.FAILED: nothing was appended',
      type: ErrorResponseDto,
    }),
    ApiNotFoundResponse({ description: 'MIGRATION.NOT_FOUND', type: ErrorResponseDto }),
    ApiConflictResponse({
      description:
        'STREAM.VERSION_CONFLICT (If-Match), MIGRATION.ILLEGAL_TRANSITION and other state conflicts, IDEMPOTENCY.IN_PROGRESS',
      type: ErrorResponseDto,
    }),
    ApiUnprocessableEntityResponse({
      description: 'IDEMPOTENCY.KEY_REUSED',
      type: ErrorResponseDto,
    }),
    ApiServiceUnavailableResponse({
      description: 'EVENT_STORE.UNAVAILABLE',
      type: ErrorResponseDto,
    }),
  );

/** A lifecycle command on an existing migration: 200 with the stream's new revision. */
export const LifecycleCommand = (summary: string, role: Role = 'operator') =>
  applyDecorators(
    HttpCode(HttpStatus.OK),
    RequireRole(role),
    ApiOperation({ summary: `${summary} (role: ${role})` }),
    ApiParam({ name: 'id', description: 'Migration id' }),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'Expected stream revision, e.g. "3": refused with 409 if the stream moved on',
    }),
    ApiOkResponse({ type: CommandAcceptedResponse }),
    CommandResponses(),
  );

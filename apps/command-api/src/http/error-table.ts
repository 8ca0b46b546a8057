import { HttpStatus } from '@nestjs/common';
import type { ErrorCode } from '@sensei/domain';

/**
 * The one table from error codes to HTTP statuses. A request that the current state of a migration
 * forbids (illegal transition, cancelled, certificate or reviews missing) is a 409 Conflict: the
 * same request may succeed once the state changes. 422 is kept for a reused idempotency key, a
 * request that can never succeed as sent.
 */
export const httpStatusByCode: Record<ErrorCode, HttpStatus> = {
  'VALIDATION.FAILED': HttpStatus.BAD_REQUEST,
  'AUTH.UNAUTHENTICATED': HttpStatus.UNAUTHORIZED,
  'AUTH.FORBIDDEN': HttpStatus.FORBIDDEN,
  'IDEMPOTENCY.KEY_REUSED': HttpStatus.UNPROCESSABLE_ENTITY,
  'IDEMPOTENCY.IN_PROGRESS': HttpStatus.CONFLICT,
  'STREAM.VERSION_CONFLICT': HttpStatus.CONFLICT,
  'STREAM.NOT_FOUND': HttpStatus.NOT_FOUND,
  'STREAM.IDEMPOTENCY_MISMATCH': HttpStatus.CONFLICT,
  'STREAM.TAMPERED': HttpStatus.INTERNAL_SERVER_ERROR,
  'MIGRATION.NOT_FOUND': HttpStatus.NOT_FOUND,
  'MIGRATION.ALREADY_EXISTS': HttpStatus.CONFLICT,
  'MIGRATION.ILLEGAL_TRANSITION': HttpStatus.CONFLICT,
  'MIGRATION.CANCELLED': HttpStatus.CONFLICT,
  'MIGRATION.MAPPING_NOT_FOUND': HttpStatus.NOT_FOUND,
  'MIGRATION.MAPPING_ALREADY_EXISTS': HttpStatus.CONFLICT,
  'MIGRATION.MAPPINGS_PENDING': HttpStatus.CONFLICT,
  'MIGRATION.CERTIFICATE_REQUIRED': HttpStatus.CONFLICT,
  'MIGRATION.MAPPING_CONFLICT': HttpStatus.CONFLICT,
  'MIGRATION.NO_APPROVED_MAPPINGS': HttpStatus.CONFLICT,
  'EVENT_STORE.UNAVAILABLE': HttpStatus.SERVICE_UNAVAILABLE,
  'SOURCE.INVALID_URI': HttpStatus.BAD_REQUEST,
  'SOURCE.NOT_FOUND': HttpStatus.NOT_FOUND,
  'SOURCE.UNREACHABLE': HttpStatus.SERVICE_UNAVAILABLE,
  'SOURCE.UNSUPPORTED': HttpStatus.BAD_REQUEST,
  'ARTIFACT.NOT_FOUND': HttpStatus.NOT_FOUND,
  'ARTIFACT.CORRUPTED': HttpStatus.INTERNAL_SERVER_ERROR,
  'ARTIFACT.HASH_MISMATCH': HttpStatus.CONFLICT,
  'ARTIFACT.UNAVAILABLE': HttpStatus.SERVICE_UNAVAILABLE,
  'PIPELINE.INVALID_VALUE': HttpStatus.UNPROCESSABLE_ENTITY,
  'DELIVERY.REJECTED': HttpStatus.UNPROCESSABLE_ENTITY,
  'DELIVERY.UNAVAILABLE': HttpStatus.SERVICE_UNAVAILABLE,
  'DELIVERY.LEDGER_MISMATCH': HttpStatus.CONFLICT,
  'DELIVERY.TARGET_MISMATCH': HttpStatus.CONFLICT,
  'TARGET.INVALID_URI': HttpStatus.BAD_REQUEST,
  'TARGET.UNREACHABLE': HttpStatus.SERVICE_UNAVAILABLE,
  'MAPPING.UNMAPPABLE': HttpStatus.UNPROCESSABLE_ENTITY,
  'MAPPING.REFINER_FAILED': HttpStatus.BAD_GATEWAY,
  'SIGNING.KEY_INVALID': HttpStatus.INTERNAL_SERVER_ERROR,
  'LINEAGE.UNAVAILABLE': HttpStatus.SERVICE_UNAVAILABLE,
  'WEBHOOK.NOT_FOUND': HttpStatus.NOT_FOUND,
  'WEBHOOK.DELETED': HttpStatus.CONFLICT,
  INTERNAL: HttpStatus.INTERNAL_SERVER_ERROR,
};

/**
 * Errors raised by the HTTP layer itself (unknown route, body too large...) carry no Sensei code;
 * they get `HTTP.<REASON>` so every response still has a code a client can switch on.
 */
export const httpCodeForStatus = (status: number): string => {
  const reason = HttpStatus[status];
  return typeof reason === 'string' ? `HTTP.${reason}` : `HTTP.${status}`;
};

/**
 * The one error type of Sensei. Codes are stable strings (`AREA.REASON`) that clients may switch
 * on; the command API maps each code to an HTTP status in a single table.
 */
export const errorCodes = [
  'VALIDATION.FAILED',
  'AUTH.UNAUTHENTICATED',
  'AUTH.FORBIDDEN',
  'IDEMPOTENCY.KEY_REUSED',
  'IDEMPOTENCY.IN_PROGRESS',
  'STREAM.VERSION_CONFLICT',
  'STREAM.NOT_FOUND',
  'STREAM.IDEMPOTENCY_MISMATCH',
  'STREAM.TAMPERED',
  'MIGRATION.NOT_FOUND',
  'MIGRATION.ALREADY_EXISTS',
  'MIGRATION.ILLEGAL_TRANSITION',
  'MIGRATION.CANCELLED',
  'MIGRATION.MAPPING_NOT_FOUND',
  'MIGRATION.MAPPING_ALREADY_EXISTS',
  'MIGRATION.MAPPINGS_PENDING',
  'MIGRATION.CERTIFICATE_REQUIRED',
  'MIGRATION.MAPPING_CONFLICT',
  'MIGRATION.NO_APPROVED_MAPPINGS',
  'EVENT_STORE.UNAVAILABLE',
  'SOURCE.INVALID_URI',
  'SOURCE.NOT_FOUND',
  'SOURCE.UNREACHABLE',
  'SOURCE.UNSUPPORTED',
  'ARTIFACT.NOT_FOUND',
  'ARTIFACT.CORRUPTED',
  'ARTIFACT.HASH_MISMATCH',
  'ARTIFACT.UNAVAILABLE',
  'PIPELINE.INVALID_VALUE',
  'DELIVERY.REJECTED',
  'DELIVERY.UNAVAILABLE',
  'DELIVERY.LEDGER_MISMATCH',
  'DELIVERY.TARGET_MISMATCH',
  'TARGET.INVALID_URI',
  'TARGET.UNREACHABLE',
  'MAPPING.UNMAPPABLE',
  'MAPPING.REFINER_FAILED',
  'SIGNING.KEY_INVALID',
  'LINEAGE.UNAVAILABLE',
  'WEBHOOK.NOT_FOUND',
  'WEBHOOK.DELETED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export class SenseiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'SenseiError';
  }
}

export const isSenseiError = (error: unknown): error is SenseiError => error instanceof SenseiError;

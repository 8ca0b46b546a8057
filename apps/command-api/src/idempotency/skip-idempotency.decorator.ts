import { SetMetadata } from '@nestjs/common';

export const SKIP_IDEMPOTENCY = 'sensei:skip-idempotency';

/**
 * For a route whose response must never be stored (it holds a secret shown once). Its own
 * uniqueness rule has to make a retry harmless instead.
 */
export const SkipIdempotency = (why: string) => SetMetadata(SKIP_IDEMPOTENCY, why);

import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** sha256 over the RFC 8785 canonical JSON of the body: key order and spacing do not matter. */
export const requestHash = (body: unknown): string =>
  createHash('sha256')
    .update(canonicalize(body ?? null) ?? 'null')
    .digest('hex');

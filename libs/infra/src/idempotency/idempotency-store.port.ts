/** One use of an `Idempotency-Key`, scoped to the principal that sent it. */
export interface IdempotencyClaim {
  principal: string;
  key: string;
  method: string;
  path: string;
  /** sha256 of the canonical JSON body, hex. */
  requestHash: string;
  /** ISO instant from the caller's clock. */
  now: string;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

export interface IdempotencyRecord {
  method: string;
  path: string;
  requestHash: string;
  state: 'in_progress' | 'completed';
  response?: StoredResponse;
}

/** `claimed`: the caller runs the request; `existing`: an earlier request holds this key. */
export type ClaimOutcome =
  { outcome: 'claimed' } | { outcome: 'existing'; record: IdempotencyRecord };

export interface IdempotencyTimings {
  /** An in-progress claim older than this is taken over (its process is presumed dead). */
  lockTimeoutMs: number;
  /** A completed key older than this is forgotten and may be used afresh. */
  retentionMs: number;
}

export abstract class IdempotencyStore {
  abstract ensureSchema(): Promise<void>;
  abstract claim(claim: IdempotencyClaim): Promise<ClaimOutcome>;
  abstract complete(
    principal: string,
    key: string,
    response: StoredResponse,
    now: string,
  ): Promise<void>;
  /** Drops an in-progress claim (the request failed), so the key may be retried. */
  abstract release(principal: string, key: string): Promise<void>;
}

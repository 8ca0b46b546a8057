export type Settled<Result> = { ok: true; result: Result } | { ok: false; error: Error };

interface Pending<Request, Result> {
  request: Request;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: concurrent requests wait in a queue and one writer loop flushes them, up to
 * `maxBatchSize` per flush (one transaction per batch instead of one per request). Requests that
 * arrive while a batch is in flight form the next batch. `flush` settles each request on its
 * own; if it throws (the transaction failed), every request of that batch gets the error.
 *
 * One batch at a time on purpose: a second one in flight would only queue on the database's
 * position lock, and splitting callers across two batches measured slower than one bigger batch.
 */
export class GroupCommitQueue<Request, Result> {
  private pending: Pending<Request, Result>[] = [];
  private draining: Promise<void> | undefined;

  constructor(
    private readonly flush: (requests: Request[]) => Promise<Settled<Result>[]>,
    private readonly maxBatchSize = 256,
  ) {}

  submit(request: Request): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      this.draining ??= this.drain();
    });
  }

  /** Resolves once everything submitted so far is settled. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    // Let requests submitted in the same tick join the first batch.
    await Promise.resolve();
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatchSize);
      try {
        const settled = await this.flush(batch.map((pending) => pending.request));
        batch.forEach((pending, index) => {
          const outcome = settled[index];
          if (outcome?.ok) pending.resolve(outcome.result);
          else pending.reject(outcome?.error ?? new Error('append batch lost a request'));
        });
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.draining = undefined;
  }
}

/**
 * Wakes tailing readers when events were appended (locally or, through LISTEN, by another
 * process). The generation counter closes the race between "read found nothing" and "start
 * waiting": a reader passes the generation it saw before reading and returns at once if it moved.
 */
export class AppendSignal {
  private generationValue = 0;
  private readonly waiters = new Set<() => void>();

  get generation(): number {
    return this.generationValue;
  }

  notify(): void {
    this.generationValue += 1;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Resolves when the generation moved past `generation`, after `timeoutMs`, or on abort. */
  wait(generation: number, timeoutMs: number, abort?: AbortSignal): Promise<void> {
    if (this.generationValue !== generation || abort?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        abort?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      abort?.addEventListener('abort', done, { once: true });
    });
  }
}

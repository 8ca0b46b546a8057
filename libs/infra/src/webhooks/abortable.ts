/** Resolves after `ms`, or at once when `signal` aborts. */
export const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * A signal that aborts when any of `signals` does, with `dispose` to unhook it: unlike
 * `AbortSignal.any`, nothing stays attached to a long-lived signal after a short wait.
 */
export const anySignal = (
  ...signals: AbortSignal[]
): { signal: AbortSignal; dispose: () => void } => {
  const controller = new AbortController();
  const abort = () => controller.abort();
  const dispose = () => signals.forEach((signal) => signal.removeEventListener('abort', abort));
  for (const signal of signals) {
    if (signal.aborted) {
      controller.abort();
      break;
    }
    signal.addEventListener('abort', abort, { once: true });
  }
  return { signal: controller.signal, dispose };
};

/** How often progress is written while a job runs (ms); the writes double as its heartbeat. */
export const PROGRESS_INTERVAL_MS = 250;

/**
 * Progress writes, at most one every PROGRESS_INTERVAL_MS (and at once when the phase changes),
 * never two at once; `flush` waits for the last one so the final state cannot be overwritten by
 * a late progress write. Used by the import and export handlers.
 */
export function progressWriter(write: (phase: string, done: number, total: number) => Promise<unknown>) {
  let pending: [string, number, number] | null = null;
  let inFlight: Promise<unknown> = Promise.resolve();
  let lastAt = 0;
  const push = () => {
    if (!pending) return;
    const [phase, done, total] = pending;
    pending = null;
    lastAt = Date.now();
    inFlight = inFlight.then(() => write(phase, done, total)).catch(() => undefined);
  };
  return {
    update(phase: string, done: number, total: number) {
      const phaseChanged = pending?.[0] !== phase;
      pending = [phase, done, total];
      if (phaseChanged || Date.now() - lastAt >= PROGRESS_INTERVAL_MS) push();
    },
    async flush() {
      pending = null;
      await inFlight;
    },
  };
}

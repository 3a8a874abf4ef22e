import os from 'node:os';

/** Which worker process a run belongs to, for people reading the runs table. */
export const WORKER_ID = `${os.hostname()}:${process.pid}`;

/** How often a running run's heartbeat is written (seconds). */
export const heartbeatSeconds = () => Number(process.env.RETRACE_HEARTBEAT_SECONDS ?? 5);

/**
 * Runs `work` while writing a heartbeat (with the latest progress count) every few seconds, so
 * other workers can tell this run is alive (see recoverStaleRuns). Progress rides on the
 * heartbeat so that a large run does not write once per item.
 */
export async function withHeartbeat<T>(beat: (progress: number) => Promise<unknown>, work: (setProgress: (n: number) => void) => Promise<T>): Promise<T> {
  let progress = 0;
  const timer = setInterval(() => void beat(progress).catch(() => undefined), heartbeatSeconds() * 1000);
  try {
    return await work((n) => {
      progress = n;
    });
  } finally {
    clearInterval(timer);
  }
}

'use client';
/**
 * Runs ELK off the main thread: one shared web worker (elkjs's own worker script, bundled from
 * node_modules and served from this origin, as the CSP wants). If the worker cannot start or
 * dies, layouts fall back to ELK on the main thread: slower, never a blank page.
 */
import ELK, { type ELK as ElkApi, type ElkNode } from 'elkjs/lib/elk-api.js';

class WorkerFailedError extends Error {}

let workerElk: { elk: ElkApi; failed: Promise<never> } | null = null;
let workerBroken = false;

function startWorkerElk() {
  let fail: (err: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => {}); // each layout races it; never an unhandled rejection
  const elk = new ELK({
    algorithms: ['layered'], // the only one used: less for the worker to set up
    workerFactory: () => {
      const worker = new Worker(new URL('elkjs/lib/elk-worker.min.js', import.meta.url));
      worker.addEventListener('error', (e) => fail(new WorkerFailedError(e.message || 'the layout worker failed')));
      return worker;
    },
  });
  return { elk, failed };
}

/**
 * Starts the worker as soon as this module loads in the browser: fetching, compiling and
 * initialising ELK (~1.5 MB of generated code) then overlaps with hydration, not the first
 * layout. (A warm-up layout was tried: it only queued the real one behind it.)
 */
export function prewarmElk(): void {
  if (workerElk || workerBroken || typeof Worker === 'undefined') return;
  try {
    workerElk = startWorkerElk();
  } catch {
    workerBroken = true;
  }
}

if (typeof window !== 'undefined') prewarmElk();

async function mainThreadLayout(input: ElkNode): Promise<ElkNode> {
  const { default: BundledElk } = await import('elkjs/lib/elk.bundled.js');
  return new BundledElk().layout(input);
}

/** Lays out a graph in the worker (or, failing that, on the main thread). */
export async function runElkLayout(input: ElkNode): Promise<ElkNode> {
  if (!workerBroken && typeof Worker !== 'undefined') {
    try {
      workerElk ??= startWorkerElk();
      return await Promise.race([workerElk.elk.layout(input), workerElk.failed]);
    } catch (err) {
      // A layout error (bad input) is reported as is; a worker that failed or could not be
      // created (workerElk still null) means falling back.
      if (!(err instanceof WorkerFailedError) && workerElk !== null) throw err;
      console.warn(`ELK worker unavailable (${err instanceof Error ? err.message : String(err)}); laying out on the main thread.`);
      workerBroken = true;
      workerElk?.elk.terminateWorker();
      workerElk = null;
    }
  }
  return mainThreadLayout(input);
}

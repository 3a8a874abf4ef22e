import { openDatabase } from '../platform/db/database';
import { startWorkers } from '../../workers/startWorkers';
import { numberOption, type CliValues } from './args';

/** `retrace worker`: runs the job consumers until Ctrl-C. */
export async function workerCommand(_args: string[], values: CliValues): Promise<number> {
  const db = await openDatabase();
  const concurrency = numberOption(values, 'concurrency') ?? Number(process.env.RETRACE_WORKER_CONCURRENCY ?? 2);
  const workers = await startWorkers(db.url, { concurrency });
  console.log(`Worker ${process.pid} consuming jobs (${concurrency} at a time) from ${db.description}. Ctrl-C to stop.`);
  let stopping = false;
  const stop = async () => {
    if (stopping) process.exit(1); // a second Ctrl-C does not wait
    stopping = true;
    await workers.stop();
    await db.close();
    process.exit(0);
  };
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  return new Promise<number>(() => {});
}

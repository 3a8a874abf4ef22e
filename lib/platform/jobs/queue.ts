import PgBoss from 'pg-boss';

/**
 * One typed contract per job queue, declared once and used by both the producer (`enqueue`)
 * and the consumer (`consume`), so the payload shape cannot drift between them.
 */
export interface QueueContract<Payload extends object> {
  name: string;
  options: Omit<PgBoss.Queue, 'name'>;
  /** Only for typing; never read. */
  readonly payload?: Payload;
}

export function defineQueue<Payload extends object>(name: string, options: Omit<PgBoss.Queue, 'name'>): QueueContract<Payload> {
  return { name, options };
}

/** A started pg-boss over the given database, with its own schema (`pgboss`) migrated. */
export async function openBoss(databaseUrl: string): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: databaseUrl, max: 4, application_name: 'retrace-jobs' });
  boss.on('error', (err) => console.error(`job queue: ${err.message}`));
  await boss.start();
  return boss;
}

const created = new WeakMap<PgBoss, Set<string>>();

async function ensureQueue(boss: PgBoss, queue: QueueContract<object>): Promise<void> {
  let names = created.get(boss);
  if (!names) created.set(boss, (names = new Set()));
  if (names.has(queue.name)) return;
  // createQueue is idempotent for an existing queue; keep its options in step with the contract.
  await boss.createQueue(queue.name, { name: queue.name, ...queue.options });
  await boss.updateQueue(queue.name, { name: queue.name, ...queue.options });
  names.add(queue.name);
}

export async function enqueue<P extends object>(boss: PgBoss, queue: QueueContract<P>, payload: P, options: PgBoss.SendOptions = {}): Promise<string> {
  await ensureQueue(boss, queue);
  const id = await boss.send(queue.name, payload, options);
  if (!id) throw new Error(`The job queue refused a ${queue.name} job (a duplicate singleton?).`);
  return id;
}

export async function consume<P extends object>(
  boss: PgBoss,
  queue: QueueContract<P>,
  handler: (payload: P, jobId: string) => Promise<void>,
  options: { concurrency?: number; pollingIntervalSeconds?: number } = {},
): Promise<void> {
  await ensureQueue(boss, queue);
  const concurrency = options.concurrency ?? 1;
  // pg-boss 10 runs one fetch loop per work() call: several calls give several jobs in parallel.
  for (let i = 0; i < concurrency; i++) {
    await boss.work<P>(queue.name, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 }, async ([job]) => {
      await handler(job.data, job.id);
    });
  }
}

import type { PrismaClient } from '@prisma/client';
import { progressBar } from './progress';

const ENDED = new Set(['succeeded', 'failed', 'cancelled']);
/** How long a succeeded synthesis that asked for a search may take to queue it before we stop waiting. */
const SEARCH_QUEUE_GRACE_MS = 60_000;

interface RunSummary {
  repository: string;
  runId: string;
  status: string;
  error: string | null;
  /** The repository's previous trajectory, when this run's trajectory is identical to it. */
  identicalTo?: string;
  search?: { searchRunId: string | null; status: string; error: string | null };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Shows progress (files done of total) until every run has ended, then, for runs whose configuration
 * asked for a search (`--search`), until those searches have ended too. True when all succeeded.
 */
export async function waitForRuns(prisma: PrismaClient, runs: { repository: string; runId: string }[], options: { json: boolean; pollMs?: number }): Promise<boolean> {
  const bar = progressBar(!options.json);
  const pollMs = options.pollMs ?? 500;
  const ids = runs.map((r) => r.runId);
  let rows;
  for (;;) {
    rows = await prisma.synthesisRun.findMany({ where: { id: { in: ids } }, include: { trajectory: { select: { id: true, identicalToId: true } } } });
    const done = rows.reduce((n, r) => n + r.filesDone, 0);
    const total = rows.reduce((n, r) => n + r.filesTotal, 0);
    const ended = rows.filter((r) => ENDED.has(r.status));
    bar.update(`${ended.length}/${rows.length} runs`, done, total);
    if (ended.length === rows.length) break;
    await sleep(pollMs);
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const summary: RunSummary[] = runs.map((r) => {
    const row = byId.get(r.runId)!;
    return { ...r, status: row.status, error: row.error, ...(row.trajectory?.identicalToId ? { identicalTo: row.trajectory.identicalToId } : {}) };
  });

  // The searches the runs queued (runSynthesis queues one right after storing the trajectory).
  const searching = summary.filter((s) => s.status === 'succeeded' && (byId.get(s.runId)!.config as { search?: unknown } | null)?.search);
  const since = Date.now();
  while (searching.length) {
    const trajectoryIds = searching.map((s) => byId.get(s.runId)!.trajectory?.id).filter((id): id is string => !!id);
    const searches = await prisma.searchRun.findMany({ where: { trajectoryId: { in: trajectoryIds } }, orderBy: { createdAt: 'desc' } });
    let pending = 0;
    let stepsDone = 0;
    let stepsTotal = 0;
    for (const s of searching) {
      const search = searches.find((x) => x.trajectoryId === byId.get(s.runId)!.trajectory?.id);
      if (!search) {
        if (Date.now() - since < SEARCH_QUEUE_GRACE_MS) pending++;
        else s.search = { searchRunId: null, status: 'failed', error: 'The synthesis asked for a search but none was queued for its trajectory: queue it with retrace search TRAJECTORY.' };
        continue;
      }
      s.search = { searchRunId: search.id, status: search.status, error: search.error };
      stepsDone += search.stepsDone;
      stepsTotal += search.stepsTotal;
      if (!ENDED.has(search.status)) pending++;
    }
    bar.update(`${searching.length - pending}/${searching.length} searches`, stepsDone, stepsTotal);
    if (pending === 0) break;
    await sleep(pollMs);
  }
  bar.done();
  if (options.json) process.stdout.write(`${JSON.stringify({ runs: summary })}\n`);
  else
    for (const s of summary) {
      console.log(`${s.repository}: ${s.status}${s.error ? ` — ${s.error}` : ''}${s.identicalTo ? ` — identical to the previous trajectory ${s.identicalTo} (nothing changed)` : ''}`);
      if (s.search) console.log(`${s.repository}: search ${s.search.status}${s.search.error ? ` — ${s.search.error}` : ''}`);
    }
  return summary.every((s) => s.status === 'succeeded' && (!s.search || s.search.status === 'succeeded'));
}

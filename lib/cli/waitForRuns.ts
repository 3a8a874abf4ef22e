import type { PrismaClient } from '@prisma/client';
import { progressBar } from './progress';

/** Shows progress (files done of total) until every run has ended. True when all succeeded. */
export async function waitForRuns(prisma: PrismaClient, runs: { repository: string; runId: string }[], options: { json: boolean }): Promise<boolean> {
  const bar = progressBar(!options.json);
  const ids = runs.map((r) => r.runId);
  for (;;) {
    const rows = await prisma.synthesisRun.findMany({ where: { id: { in: ids } } });
    const done = rows.reduce((n, r) => n + r.filesDone, 0);
    const total = rows.reduce((n, r) => n + r.filesTotal, 0);
    const ended = rows.filter((r) => ['succeeded', 'failed', 'cancelled'].includes(r.status));
    bar.update(`${ended.length}/${rows.length} runs`, done, total);
    if (ended.length === rows.length) {
      bar.done();
      const byId = new Map(rows.map((r) => [r.id, r]));
      const summary = runs.map((r) => ({ ...r, status: byId.get(r.runId)!.status, error: byId.get(r.runId)!.error }));
      if (options.json) process.stdout.write(`${JSON.stringify({ runs: summary })}\n`);
      else for (const s of summary) console.log(`${s.repository}: ${s.status}${s.error ? ` — ${s.error}` : ''}`);
      return summary.every((s) => s.status === 'succeeded');
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

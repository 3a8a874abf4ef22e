import { createPrismaClient } from '../platform/db/client';
import { searchFigures, searchFiguresText } from '../3-search/searchFigures';
import { openDatabase } from '../platform/db/database';
import { openBoss } from '../platform/jobs/queue';
import { resolveSearchConfig } from '../3-search/runs/config';
import { requestSearch } from '../3-search/runs/requestSearch';
import { searchOptions, UsageError, type CliValues } from './args';
import { progressBar } from './progress';

/** `retrace search TRAJECTORY... [--scorer offline|openai] [--rounds R] [--candidates K] [--wait]`: queue CoT searches. */
export async function searchCommand(args: string[], values: CliValues): Promise<number> {
  if (args.length === 0) throw new UsageError('search takes one or more trajectory ids: retrace search TRAJECTORY... [--wait] (ids: retrace jobs)');
  const config = resolveSearchConfig(searchOptions(values));
  const db = await openDatabase();
  const prisma = createPrismaClient(db.url);
  const boss = await openBoss(db.url);
  try {
    const ids: string[] = [];
    for (const trajectoryId of args) {
      const run = await requestSearch(prisma, boss, trajectoryId, config);
      ids.push(run.id);
      if (!values.json) console.log(`Queued search ${run.id} of trajectory ${trajectoryId} (scorer ${config.scorer.provider}/${config.scorer.model}, proposer ${config.proposer.provider}/${config.proposer.model})`);
    }
    if (!values.json) for (const fallback of config.fallbacks ?? []) console.log(`note: ${fallback}`);
    if (!values.wait) {
      if (values.json) process.stdout.write(`${JSON.stringify({ searches: ids })}\n`);
      return 0;
    }
    const bar = progressBar(!values.json);
    for (;;) {
      const runs = await prisma.searchRun.findMany({ where: { id: { in: ids } } });
      bar.update('steps', runs.reduce((n, r) => n + r.stepsDone, 0), runs.reduce((n, r) => n + r.stepsTotal, 0));
      if (runs.every((r) => ['succeeded', 'failed', 'cancelled'].includes(r.status))) {
        bar.done();
        const steps = await prisma.searchStep.findMany({ where: { searchRunId: { in: ids } }, include: { candidates: { select: { nll: true, rejectedBecause: true } } } });
        const summary = runs.map((r) => ({
          search: r.id,
          trajectory: r.trajectoryId,
          status: r.status,
          meanNllBefore: r.meanNllBefore,
          meanNllAfter: r.meanNllAfter,
          figures: searchFigures(steps.filter((s) => s.searchRunId === r.id)),
          error: r.error,
        }));
        if (values.json) process.stdout.write(`${JSON.stringify({ searches: summary })}\n`);
        else
          for (const s of summary)
            console.log(`${s.search}: ${s.status}${s.meanNllBefore !== null ? ` — mean NLL ${s.meanNllBefore.toFixed(3)} → ${s.meanNllAfter!.toFixed(3)}; ${searchFiguresText(s.figures)}` : ''}${s.error ? ` — ${s.error}` : ''}`);
        return summary.every((s) => s.status === 'succeeded') ? 0 : 1;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await boss.stop({ graceful: false, wait: true, timeout: 5000 }).catch(() => undefined);
    await prisma.$disconnect();
    await db.close();
  }
}

import { createPrismaClient } from '../platform/db/client';
import { openDatabase } from '../platform/db/database';
import { listJobs } from '../studio/jobs/listJobs';
import type { CliValues } from './args';

/**
 * `retrace jobs`: every job (imports, syntheses, searches, bulk reviews, exports), newest first, with
 * state, progress and errors. `--json` keeps the earlier fields (run, repository, kind, state,
 * progress, provider, model, attempts, created, error, trajectory) and adds subject, detail,
 * done/total/unit, requestedBy, started, finished and notes (a search's proposer, alignment and fallbacks).
 */
export async function jobsCommand(_args: string[], values: CliValues): Promise<number> {
  const db = await openDatabase();
  const prisma = createPrismaClient(db.url);
  try {
    const jobs = await listJobs(prisma, { limit: 200 });
    const rows = jobs.map((j) => {
      // "provider · model" for syntheses (generator) and searches (scorer).
      const [provider, model] = j.kind === 'synthesis' || j.kind === 'search' ? (j.detail ?? '').split(' · ') : [null, null];
      return {
        run: j.id,
        repository: j.repositoryName ?? j.subject,
        kind: j.kind,
        state: j.status,
        progress: `${j.progress.done}/${j.progress.total} ${j.progress.unit}`,
        provider: provider ?? null,
        model: model ?? null,
        attempts: j.attempts,
        created: j.createdAt.toISOString(),
        error: j.error,
        trajectory: j.trajectoryId,
        subject: j.subject,
        detail: j.detail,
        done: j.progress.done,
        total: j.progress.total,
        unit: j.progress.unit,
        requestedBy: j.requestedBy,
        started: j.startedAt?.toISOString() ?? null,
        finished: j.finishedAt?.toISOString() ?? null,
        notes: j.notes,
      };
    });
    if (values.json) process.stdout.write(`${JSON.stringify({ jobs: rows })}\n`);
    else if (rows.length === 0) console.log('No jobs yet. Queue one: npm run --silent retrace -- synthesize REPO');
    else {
      for (const r of rows) {
        const what = r.detail ? `  ${r.detail}` : '';
        console.log(
          `${r.created.slice(0, 19)}  ${r.kind.padEnd(11)} ${r.state.padEnd(9)} ${r.progress.padStart(18)}  ${r.subject}${what}  ${r.run}` +
            `${r.trajectory ? `  trajectory ${r.trajectory}` : ''}${r.requestedBy ? `  by ${r.requestedBy}` : ''}${r.notes.map((n) => `\n    note: ${n}`).join('')}${r.error ? `\n    ${r.error}` : ''}`,
        );
      }
    }
    return 0;
  } finally {
    await prisma.$disconnect();
    await db.close();
  }
}

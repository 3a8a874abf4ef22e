import { createPrismaClient } from '../db/client';
import { openDatabase } from '../db/database';
import type { CliValues } from './args';

/** `retrace jobs`: synthesis runs, newest first, with state, progress and errors. */
export async function jobsCommand(_args: string[], values: CliValues): Promise<number> {
  const db = await openDatabase();
  const prisma = createPrismaClient(db.url);
  try {
    const runs = await prisma.synthesisRun.findMany({
      orderBy: { createdAt: 'desc' },
      take: 100,
      include: { snapshot: { select: { repository: { select: { name: true } } } }, trajectory: { select: { id: true } } },
    });
    const searches = await prisma.searchRun.findMany({
      orderBy: { createdAt: 'desc' },
      take: 100,
      include: { trajectory: { select: { run: { select: { snapshot: { select: { repository: { select: { name: true } } } } } } } } },
    });
    const synthesisRows = runs.map((r) => ({
      run: r.id,
      repository: r.snapshot.repository.name,
      kind: 'synthesis',
      state: r.status,
      progress: `${r.filesDone}/${r.filesTotal} files`,
      provider: r.provider,
      model: r.model,
      attempts: r.attempts,
      created: r.createdAt.toISOString(),
      error: r.error,
      trajectory: r.trajectory?.id ?? null,
    }));
    const searchRows = searches.map((r) => ({
      run: r.id,
      repository: r.trajectory.run.snapshot.repository.name,
      kind: 'search',
      state: r.status,
      progress: `${r.stepsDone}/${r.stepsTotal} steps`,
      provider: r.scorerProvider,
      model: r.scorerModel,
      attempts: r.attempts,
      created: r.createdAt.toISOString(),
      error: r.error,
      trajectory: r.trajectoryId as string | null,
    }));
    const rows = [...synthesisRows, ...searchRows].sort((a, b) => (a.created < b.created ? 1 : -1));
    if (values.json) process.stdout.write(`${JSON.stringify({ jobs: rows })}\n`);
    else if (rows.length === 0) console.log('No jobs yet. Queue one: npm run --silent retrace -- synthesize REPO');
    else {
      for (const r of rows) {
        console.log(`${r.created.slice(0, 19)}  ${r.kind.padEnd(9)} ${r.state.padEnd(9)} ${r.progress.padStart(15)}  ${r.repository}  ${r.provider}/${r.model}  ${r.run}${r.trajectory ? `  trajectory ${r.trajectory}` : ''}${r.error ? `\n    ${r.error}` : ''}`);
      }
    }
    return 0;
  } finally {
    await prisma.$disconnect();
    await db.close();
  }
}

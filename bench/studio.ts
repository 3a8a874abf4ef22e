/**
 * `npm run bench -- studio [--runs 5] [--files 2000] [--steps 2000]`
 *
 * In headless Debian chromium against the production studio (built if needed) and a fresh
 * embedded PostgreSQL: the time from navigation start to the app's own performance marks,
 * `retrace:graph-drawn` (a FILES-file graph laid out and drawn) and
 * `retrace:trajectory-interactive` (a STEPS-step trajectory's timeline rendered and the
 * keyboard live). The first load of each page is reported apart (cold caches); then the
 * median and worst of the next runs, each in a fresh browser context. *FirstByte columns: when
 * the page's first byte arrived (the server's share). A target is met only if the first load,
 * the median and the worst are all under it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import pg from 'pg';
import { createPrismaClient } from '../lib/platform/db/client';
import { freePort, startEmbeddedPostgres } from '../lib/platform/db/embeddedPostgres';
import { applyMigrations } from '../lib/platform/db/migrate';
import { seedGraphRepository } from './seedGraph';
import { seedTrajectory } from './seedTrajectory';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const RUNS = option('runs', 5);
const FILES = option('files', 2000);
const STEPS = option('steps', 2000);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-bench-studio-'));
  fs.chmodSync(dataDir, 0o755);
  const cluster = await startEmbeddedPostgres(path.join(dataDir, 'pg'), await freePort());
  const admin = new pg.Client({ connectionString: cluster.url('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE bench_studio');
  await admin.end();
  const url = cluster.url('bench_studio');
  await applyMigrations(url);
  const prisma = createPrismaClient(url);

  let t = performance.now();
  const graph = await seedGraphRepository(prisma, { files: FILES });
  console.log(`seeded ${graph.name}: ${graph.files} files, ${graph.edges} edges, ${graph.cycles} cycles (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  t = performance.now();
  const trajectory = await seedTrajectory(prisma, { steps: STEPS });
  console.log(`seeded ${trajectory.repositoryName}: ${trajectory.stepCount} steps, ${trajectory.searchedSteps} searched (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  await prisma.$disconnect();

  const port = await freePort();
  const studio = spawn(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', 'studio', '--port', String(port)], {
    env: { ...process.env, DATABASE_URL: url, RETRACE_HOME: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (/Retrace studio: http/.test(log)) resolve();
    };
    studio.stdout!.on('data', onData);
    studio.stderr!.on('data', onData);
    studio.on('exit', (code) => reject(new Error(`The studio exited (${code}):\n${log}`)));
  });

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const base = `http://127.0.0.1:${port}`;
  /** Milliseconds from navigation start to `mark`, and to the first byte of the page (server time). */
  async function measure(pathname: string, mark: string): Promise<{ ms: number; ttfb: number }> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(base + pathname);
    const handle = await page.waitForFunction((m) => performance.getEntriesByName(m)[0]?.startTime, mark, { timeout: 60_000 });
    const ms = (await handle.jsonValue()) as number;
    const ttfb = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseStart);
    await context.close();
    if (errors.length) throw new Error(`${pathname}: ${errors.join('; ')}`);
    return { ms, ttfb };
  }

  const rows = [];
  for (const [label, pathname, mark, target] of [
    [`graph, ${graph.files} files`, `/repositories/${encodeURIComponent(graph.name)}/graph`, 'retrace:graph-drawn', 2000],
    [`trajectory, ${trajectory.stepCount} steps`, `/trajectories/${trajectory.trajectoryId}?step=0`, 'retrace:trajectory-interactive', 1000],
  ] as const) {
    const cold = await measure(pathname, mark);
    const runs: { ms: number; ttfb: number }[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measure(pathname, mark));
    const warm = runs.map((r) => r.ms);
    rows.push({
      page: label,
      mark,
      coldMs: Math.round(cold.ms),
      coldFirstByteMs: Math.round(cold.ttfb),
      medianMs: Math.round(median(warm)),
      medianFirstByteMs: Math.round(median(runs.map((r) => r.ttfb))),
      worstMs: Math.round(Math.max(...warm)),
      targetMs: target,
    });
  }
  await browser.close();
  studio.kill('SIGINT');
  await new Promise((r) => studio.once('exit', r));
  await cluster.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });

  console.log(`\nheadless chromium, ${os.cpus().length} cores; times from navigation start to the mark`);
  console.table(rows.map((r) => ({ ...r, met: r.coldMs < r.targetMs && r.medianMs < r.targetMs && r.worstMs < r.targetMs ? 'yes' : 'no' })));
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync(`bench/results/studio-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`, JSON.stringify(rows, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createPrismaClient } from '../platform/db/client';
import { openDatabase, type Database } from '../platform/db/database';
import { freePortFrom } from '../platform/db/embeddedPostgres';
import { recordStudio, type StudioRecord } from '../platform/db/runningStudios';
import { stateDir } from '../platform/db/stateDir';
import { needsBuild, recordBuild } from '../studio/buildFingerprint';
import { staticAssetPaths, warmUp, warmUpPaths, type WarmUpTargets } from '../studio/warmUp';
import { numberOption, type CliValues } from './args';
import { FIRST_ADMIN_COMMAND } from '../platform/auth/firstAdmin';

const NEXT_BIN = path.resolve('node_modules/next/dist/bin/next');

/**
 * Starts everything the studio needs: a production build of the web app when the sources
 * changed and, meanwhile, the database (see lib/platform/db/database.ts) and its migrations; then a job
 * worker and the server. Ctrl-C stops the server and the worker, then the database.
 */
export async function studioCommand(_args: string[], values: CliValues): Promise<number> {
  const dev = process.env.RETRACE_DEV === '1';
  // The build needs no database: the database starts while it runs.
  const build = !dev && needsBuild() ? startBuild() : null;
  let db: Database;
  try {
    db = await openDatabase({ user: 'studio' });
  } catch (err) {
    build?.cancel();
    throw err;
  }
  console.log(`Database: ${db.description}`);
  // Commands run later with this home (or with none, while this runs) find this database.
  const record: StudioRecord = { pid: process.pid, home: stateDir(), databaseUrl: db.url, database: db.description, url: null, startedAt: new Date().toISOString() };
  let forget = recordStudio(record);
  const env = { ...process.env, DATABASE_URL: db.url, NEXT_TELEMETRY_DISABLED: '1' };
  if (build) {
    if (!(await build.succeeded)) {
      await db.close();
      throw new Error('The web app build failed (output above).');
    }
    recordBuild();
  }
  const wanted = numberOption(values, 'port') ?? Number(process.env.RETRACE_PORT ?? 3000);
  const port = await freePortFrom(wanted, 20);
  if (port !== wanted) console.log(`Port ${wanted} is busy; using ${port}.`);
  const host = process.env.RETRACE_HOST ?? '127.0.0.1';
  const server = spawn(process.execPath, [NEXT_BIN, dev ? 'dev' : 'start', '-p', String(port), '-H', host], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...env, ...authEnvironment(host, port), NODE_ENV: dev ? 'development' : 'production' },
  });
  // A job worker beside the web server, in its own process so a crash in one leaves the other.
  // The same entry this process started from: the compiled CLI, or lib/cli/main.ts under tsx.
  const worker = spawn(process.execPath, [...process.execArgv, path.resolve(process.argv[1]), 'worker'], {
    stdio: ['ignore', process.env.RETRACE_VERBOSE ? 'inherit' : 'ignore', 'inherit'],
    env: { ...env, RETRACE_STUDIO_CHILD: '1' },
  });
  let announced = false;
  server.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    if (!announced && /Ready|started server|Local:/i.test(text)) {
      announced = true;
      forget = recordStudio({ ...record, url: `http://${host}:${port}` });
      void announceWhenWarm(localAddress(host, port), `http://${host}:${port}`, db.url, dev);
    } else if (process.env.RETRACE_VERBOSE) process.stdout.write(text);
  });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      [server, worker].map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }),
    );
    forget();
    await db.close();
    process.exit(code);
  };
  // This command owns shutdown, in order: web server and worker, then the database.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  server.on('exit', (code) => {
    if (!stopping) {
      console.error(`The web server stopped unexpectedly (exit ${code}).`);
      void stop(code ?? 1);
    }
  });
  worker.on('exit', (code) => {
    if (!stopping) console.error(`The job worker stopped unexpectedly (exit ${code}); jobs wait until a worker runs (npm run --silent retrace -- worker).`);
  });
  return new Promise<number>(() => {});
}

/** `next build` in the background, its output shown as it comes. */
function startBuild(): { succeeded: Promise<boolean>; cancel: () => void } {
  console.log('Building the web app (first start or sources changed; this takes a minute)…');
  // A first build does not write Turbopack's cache (about 10 s of CPU and 14 s of a user's first
  // start); rebuilds after a change write it and use it (about half the work).
  const first = !fs.existsSync(path.join('.next', 'BUILD_ID'));
  const child = spawn(process.execPath, [NEXT_BIN, 'build'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', ...(first ? { RETRACE_FIRST_BUILD: '1' } : {}) },
  });
  const cancel = () => child.kill('SIGTERM');
  process.once('exit', cancel); // never left building after the studio is gone
  const succeeded = new Promise<boolean>((resolve) => {
    child.once('exit', (code) => resolve(code === 0));
    child.once('error', () => resolve(false));
  }).finally(() => process.off('exit', cancel));
  return { succeeded, cancel };
}

/**
 * The studio's address for better-auth: its cookies and its origin check (CSRF) trust
 * BETTER_AUTH_URL. Set by hand it wins (e.g. behind an https reverse proxy); on a wildcard
 * host the address people use is unknown, so better-auth takes it from each request.
 */
export function authEnvironment(host: string, port: number): Record<string, string> {
  if (process.env.BETTER_AUTH_URL) return {};
  if (host === '0.0.0.0' || host === '::') {
    console.log('Listening on every address: set BETTER_AUTH_URL to the address people open (e.g. https://retrace.example.org) so sign-in trusts it.');
    return {};
  }
  return { BETTER_AUTH_URL: `http://${host.includes(':') ? `[${host}]` : host}:${port}` };
}

/** Where this machine reaches the server: a wildcard host is reached on loopback. */
function localAddress(host: string, port: number): string {
  const reach = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reach.includes(':') ? `[${reach}]` : reach}:${port}`;
}

/**
 * Loads the main pages and the static files once (see warmUp.ts; skipped in development, where
 * each page would compile, and with RETRACE_WARM_UP=0), then prints the URL and, with nobody
 * signed up yet, exactly how the first admin gets in. One database client for both look-ups.
 */
async function announceWhenWarm(base: string, url: string, databaseUrl: string, dev: boolean): Promise<void> {
  const targets: WarmUpTargets = { repositoryName: null, trajectoryId: null };
  let users: number | null = null;
  const prisma = createPrismaClient(databaseUrl);
  try {
    targets.repositoryName = (await prisma.repository.findFirst({ orderBy: { name: 'asc' }, select: { name: true } }))?.name ?? null;
    targets.trajectoryId = (await prisma.trajectory.findFirst({ orderBy: { createdAt: 'desc' }, select: { id: true } }))?.id ?? null;
    users = await prisma.user.count();
  } catch (err) {
    console.error(`Could not read the studio's database: ${(err as Error).message}`);
  } finally {
    await prisma.$disconnect();
  }
  if (!dev && process.env.RETRACE_WARM_UP !== '0') {
    const result = await warmUp(base, warmUpPaths(targets), staticAssetPaths('.next'));
    if (process.env.RETRACE_VERBOSE) console.log(`Warmed ${result.pages} pages and ${result.assets} static files in ${result.ms} ms (${result.failed} failed).`);
  }
  console.log(`\nRetrace studio: ${url}\n(Ctrl-C to stop)`);
  if (users === 0) {
    const access = process.env.RETRACE_REQUIRE_SIGN_IN === '1' ? 'Every page needs a signed-in user (RETRACE_REQUIRE_SIGN_IN=1).' : 'Viewing needs no account; every change needs a signed-in reviewer or admin.';
    console.log(`\nNobody can sign in yet. Add the first admin (the password is asked for, or read from stdin):\n  ${FIRST_ADMIN_COMMAND}\n${access}`);
  }
}

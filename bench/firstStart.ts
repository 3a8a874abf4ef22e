/**
 * `npm run bench -- firstStart [--commit REV] [--open] [--keep]`
 *
 * A user's first start: a fresh clone of this checkout's HEAD in a new private folder under the
 * temp folder (mode 700, as a clone under /root is), `npm install`, then `npm run studio` with no
 * DATABASE_URL, timed from the command to the printed URL, with the page asked for once it is
 * printed; then a second start (nothing to build). Prints when each phase ended (database, web
 * app build, URL), the CPU seconds all of the start's processes used until it was stopped, and the
 * machine's load, since other work on a shared machine slows the build. The clone and its database are removed afterwards unless --keep.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../lib/platform/db/embeddedPostgres';

const KEEP = process.argv.includes('--keep');
/** Measure another commit (e.g. one before a change), in a folder others can enter (`--open`) when it cannot run in a private one. */
const COMMIT = process.argv.includes('--commit') ? process.argv[process.argv.indexOf('--commit') + 1] : null;
const OPEN = process.argv.includes('--open');

interface Start {
  /** Seconds from the command to the database line, to the end of the build, to the URL. */
  databaseS: number | null;
  buildS: number | null;
  toUrlS: number;
  pageStatus: number;
  output: string;
}

/** CPU seconds of this process's children that have ended and been waited for, with theirs (/proc/self/stat). */
function childrenCpuS(): number {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime, in clock ticks (USER_HZ = 100)
}

/** Runs `npm run studio` in `dir` until it prints its URL; times the phases from its output. */
async function startStudio(dir: string, env: NodeJS.ProcessEnv): Promise<Start & { stop: () => Promise<void> }> {
  const started = performance.now();
  const child = spawn('npm', ['run', '--silent', 'studio'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  let databaseS: number | null = null;
  let buildS: number | null = null;
  const since = () => (performance.now() - started) / 1000;
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (databaseS === null && output.includes('Database: ')) databaseS = since();
      if (buildS === null && /Generating static pages.*\(\d+\/\d+\) in/.test(output)) buildS = since();
      const match = output.match(/Retrace studio: (http:\/\/\S+)/);
      if (match) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`The studio exited (${code}) before printing its URL:\n${output}`)));
  });
  const toUrlS = since();
  const pageStatus = (await fetch(`${url}/repositories`)).status;
  const stop = async () => {
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid!, 'SIGINT'); // the whole group, as Ctrl-C does
    await exited;
  };
  return { databaseS, buildS, toUrlS, pageStatus, output, stop };
}

async function main() {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-first-start-'));
  if (OPEN) fs.chmodSync(parent, 0o755);
  const dir = path.join(parent, 'retrace');
  const load = () => os.loadavg()[0].toFixed(2);
  const loadBefore = load();
  spawnSync('git', ['clone', '-q', process.cwd(), dir], { stdio: 'inherit' });
  if (COMMIT) spawnSync('git', ['checkout', '-q', COMMIT], { cwd: dir, stdio: 'inherit' });
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, encoding: 'utf8' }).stdout.trim();

  const t = performance.now();
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`npm install failed:\n${install.stdout}\n${install.stderr}`);
  const installS = (performance.now() - t) / 1000;
  const engineWarnings = (install.stderr.match(/EBADENGINE/g) ?? []).length;

  const env: NodeJS.ProcessEnv = { ...process.env, RETRACE_PORT: String(await freePort()), RETRACE_PG_PORT: String(20000 + Math.floor(Math.random() * 10000)) };
  delete env.DATABASE_URL;
  delete env.RETRACE_HOME;
  let cpu = childrenCpuS();
  const first = await startStudio(dir, env);
  await first.stop();
  const firstCpuS = childrenCpuS() - cpu;
  cpu = childrenCpuS();
  const second = await startStudio(dir, env);
  await second.stop();
  const secondCpuS = childrenCpuS() - cpu;

  const database = first.output.match(/Database: (.*)/)?.[1] ?? '?';
  const round = (x: number | null) => (x === null ? null : +x.toFixed(1));
  const rows = [
    { start: 'first (fresh clone)', databaseS: round(first.databaseS), buildEndS: round(first.buildS), toUrlS: round(first.toUrlS), cpuS: round(firstCpuS), page: first.pageStatus },
    { start: 'second', databaseS: round(second.databaseS), buildEndS: round(second.buildS), toUrlS: round(second.toUrlS), cpuS: round(secondCpuS), page: second.pageStatus },
  ];
  console.log(`\ncommit ${commit}, ${os.cpus().length} cores, load ${loadBefore} before and ${load()} after; npm install ${installS.toFixed(1)} s (${engineWarnings} EBADENGINE warnings)`);
  console.log(`database: ${database}`);
  console.table(rows);
  console.log(`target: the first URL in under 60 s: ${first.toUrlS < 60 ? 'met' : 'missed'}`);
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync(`bench/results/firstStart-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`, JSON.stringify({ commit, installS, loadBefore, rows }, null, 2));

  if (!KEEP) {
    // As root the data went under /var/lib/retrace, linked from the clone's home.
    const link = path.join(dir, '.retrace', 'postgres');
    if (fs.lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink()) fs.rmSync(path.dirname(fs.readlinkSync(link)), { recursive: true, force: true });
    fs.rmSync(parent, { recursive: true, force: true });
  } else console.log(`kept ${dir}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/**
 * Benchmark of `retrace graph` on large real trees. For each tree it prints:
 * raw tree-sitter parse throughput (one thread), end-to-end throughput (walk → parse → resolve →
 * order) on one thread and the ratio of the two, end-to-end on all cores, peak memory, and
 * whole processes side by side: start-up alone, `retrace graph --json` from sources (tsx),
 * compiled, compiled with the parse cache warm, through `npm run`, and for JS/TS trees
 * dependency-cruiser with the speed-ups.
 *
 *   npm run bench -- graph [effect|python-stdlib|mixed-20k ...]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

interface Tree {
  name: string;
  dir: () => string;
  jsTs: boolean;
}

const DATA = path.resolve('bench/data');

function pythonStdlib(): string {
  const out = execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
  if (!fs.existsSync(out)) throw new Error('python3 has no standard library folder here');
  return out;
}

/** 20,000+ files of real code: this machine's Python library plus the JS/TS of node_modules, as one tree. */
function mixedTree(): string {
  const dir = path.join(DATA, 'mixed-20k');
  if (fs.existsSync(path.join(dir, '.complete'))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  console.error('building bench/data/mixed-20k (once)…');
  fs.cpSync(pythonStdlib(), path.join(dir, 'python'), { recursive: true, filter: (src) => !src.includes('__pycache__') });
  // Renamed from node_modules so the walk reads it like any other folder.
  fs.cpSync(path.resolve('node_modules'), path.join(dir, 'packages'), { recursive: true, verbatimSymlinks: true });
  fs.writeFileSync(path.join(dir, '.complete'), '');
  return dir;
}

const TREES: Tree[] = [
  { name: 'effect', dir: () => path.resolve('node_modules/effect/src'), jsTs: true },
  { name: 'python-stdlib', dir: pythonStdlib, jsTs: false },
  { name: 'mixed-20k', dir: mixedTree, jsTs: false },
  { name: 'packages-js-ts', dir: () => path.join(mixedTree(), 'packages'), jsTs: true },
];

/** Wall time and, where GNU time is installed, peak RSS of a whole process. */
function timeCommand(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { ms: number; rssMiB: number | null } {
  const gnuTime = fs.existsSync('/usr/bin/time');
  const t0 = performance.now();
  const r = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', 'RSS_KB=%M', cmd, ...args], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30, encoding: 'utf8' })
    : spawnSync(cmd, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.slice(-500)}`);
  const rss = /RSS_KB=(\d+)/.exec(r.stderr);
  return { ms, rssMiB: rss ? Math.round(Number(rss[1]) / 1024) : null };
}

const ROOT = process.cwd();
const LAUNCH = path.resolve('lib/cli/launch.mjs');
const SOURCES = ['--import', 'tsx', path.resolve('lib/cli/main.ts')];
/** The bench's own parse cache, emptied before each cold run. */
const CACHE_DIR = path.resolve('bench/data/parse-cache');
const cacheEnv = { ...process.env, RETRACE_CACHE_DIR: CACHE_DIR };
const seconds = (t: { ms: number }) => +(t.ms / 1000).toFixed(2);

/**
 * Whole processes, side by side: the CLI from TypeScript sources under tsx (how it ran before it
 * was compiled), the compiled CLI with no cache and with the parse cache warm, the documented
 * `npm run --silent retrace --` entry, and dependency-cruiser on JS/TS trees.
 */
function wholeProcess(dir: string, jsTs: boolean): Record<string, unknown> {
  execFileSync(process.execPath, [LAUNCH, '--build']);
  const sources = timeCommand(process.execPath, [...SOURCES, 'graph', '.', '--json', '--no-cache'], dir, cacheEnv);
  const cold = timeCommand(process.execPath, [LAUNCH, 'graph', '.', '--json', '--no-cache'], dir, cacheEnv);
  fs.rmSync(CACHE_DIR, { recursive: true, force: true });
  timeCommand(process.execPath, [LAUNCH, 'graph', '.', '--json'], dir, cacheEnv);
  const warm = timeCommand(process.execPath, [LAUNCH, 'graph', '.', '--json'], dir, cacheEnv);
  const viaNpm = timeCommand('npm', ['run', '--silent', 'retrace', '--', 'graph', dir, '--json'], ROOT, cacheEnv);
  const row: Record<string, unknown> = {
    'tsx (before) s': seconds(sources),
    'compiled s': seconds(cold),
    'compiled, cache warm s': seconds(warm),
    'npm run, cache warm s': seconds(viaNpm),
    'peak RSS MiB before/compiled/warm': `${sources.rssMiB ?? '?'}/${cold.rssMiB ?? '?'}/${warm.rssMiB ?? '?'}`,
  };
  if (jsTs) {
    // dependency-cruiser runs out of Node's default heap on large trees; give it 16 GiB.
    const cruiser = timeCommand(process.execPath, ['--max-old-space-size=16384', path.resolve('node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), '--no-config', '--ts-pre-compilation-deps', '--output-type', 'json', '.'], dir);
    row['dependency-cruiser s'] = seconds(cruiser);
    row['speed-up compiled'] = `${(cruiser.ms / cold.ms).toFixed(1)}x`;
    row['speed-up cache warm'] = `${(cruiser.ms / warm.ms).toFixed(1)}x`;
    row['speed-up npm run warm'] = `${(cruiser.ms / viaNpm.ms).toFixed(1)}x`;
  }
  return row;
}

/** Start-up alone: `--help`, from sources and compiled. */
function startUp(): Record<string, unknown> {
  execFileSync(process.execPath, [LAUNCH, '--build']);
  const best = (args: string[]) => Math.min(...[0, 1, 2].map(() => timeCommand(process.execPath, args, ROOT).ms));
  const sources = best([...SOURCES, '--help']);
  const compiled = best([LAUNCH, '--help']);
  const viaNpm = Math.min(...[0, 1, 2].map(() => timeCommand('npm', ['run', '--silent', 'retrace', '--', '--help'], ROOT).ms));
  return { tree: 'start-up (--help)', 'tsx (before) s': +(sources / 1000).toFixed(2), 'compiled s': +(compiled / 1000).toFixed(2), 'npm run s': +(viaNpm / 1000).toFixed(2) };
}

const wanted = process.argv.slice(2).filter((a) => a !== 'graph');
const rows: Record<string, unknown>[] = [startUp()];
console.log(JSON.stringify(rows[0]));
for (const tree of TREES.filter((t) => wanted.length === 0 || wanted.includes(t.name))) {
  const dir = tree.dir();
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/graphOnce.ts', dir], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`graph run on ${tree.name} failed: ${run.stderr.slice(-1000)}`);
  const r = JSON.parse(run.stdout.trim().split('\n').pop()!);
  const mb = r.sourceBytes / 1e6;
  const row: Record<string, unknown> = {
    tree: tree.name,
    files: r.files,
    sourceFiles: r.sourceFiles,
    sourceMB: +mb.toFixed(1),
    edges: r.edges,
    'raw parse MB/s': +(mb / (r.rawParseMs / 1000)).toFixed(2),
    'e2e MB/s 1 thread': +(mb / (r.endToEndMs / 1000)).toFixed(2),
    'e2e / raw': `${Math.round((r.rawParseMs / r.endToEndMs) * 100)}%`,
    'e2e MB/s all cores': +(mb / (r.endToEndAllCoresMs / 1000)).toFixed(2),
    'e2e files/s all cores': Math.round(r.sourceFiles / (r.endToEndAllCoresMs / 1000)),
    'peak RSS MiB': Math.round(r.maxRssMiB),
  };
  Object.assign(row, wholeProcess(dir, tree.jsTs));
  rows.push(row);
  console.log(JSON.stringify(row));
}
console.table(rows);
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync(`bench/results/graph-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`, JSON.stringify(rows, null, 2));

/**
 * Benchmark of `retrace graph` on large real trees. For each tree it prints:
 * raw tree-sitter parse throughput (one thread), end-to-end throughput (walk → parse → resolve →
 * order) on one thread and the ratio of the two, end-to-end on all cores, peak memory,
 * and for JS/TS trees the wall time of dependency-cruiser against `retrace graph --json`.
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

function timeCommand(cmd: string, args: string[], cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.slice(-500)}`);
  return performance.now() - t0;
}

const wanted = process.argv.slice(2).filter((a) => a !== 'graph');
const rows: Record<string, unknown>[] = [];
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
  if (tree.jsTs) {
    const ours = timeCommand(process.execPath, ['--import', 'tsx', path.resolve('lib/cli/main.ts'), 'graph', '.', '--json'], dir);
    // dependency-cruiser runs out of Node's default heap on large trees; give it 16 GiB.
    const cruiser = timeCommand(process.execPath, ['--max-old-space-size=16384', path.resolve('node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), '--no-config', '--ts-pre-compilation-deps', '--output-type', 'json', '.'], dir);
    row['retrace graph s'] = +(ours / 1000).toFixed(2);
    row['dependency-cruiser s'] = +(cruiser / 1000).toFixed(2);
    row['speed-up'] = `${(cruiser / ours).toFixed(1)}x`;
  }
  rows.push(row);
  console.log(JSON.stringify(row));
}
console.table(rows);
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync(`bench/results/graph-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`, JSON.stringify(rows, null, 2));

/**
 * Real source trees on this machine that nobody here wrote, for the sweep tests and the benchmarks:
 * the Python standard library's packages, the sources npm packages ship in node_modules, and the Go,
 * Rust and Java sources Debian packages ship (`golang-*-dev`, `librust-*-dev`, a JDK's `src.zip`).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { structureOf } from '../1-ingest/ingest';
import { checkGrounding, type GroundingViolation } from './grounding';
import { createOfflineModel } from './offlineModel';
import { synthesize } from './synthesize';

export interface RealTree {
  /** A short label, e.g. `python:email`, `npm:zod`, `rust:anyhow-1.0.69`. */
  name: string;
  dir: string;
}

const SOURCE_FILE = /\.(py|[cm]?[jt]sx?|go|rs|java)$/;

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function countSources(dir: string, limit = Infinity): number {
  let n = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (n >= limit) return;
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (SOURCE_FILE.test(e.name)) n++;
    }
  };
  walk(dir);
  return n;
}

/** The standard library folder of this machine's Python 3 (the one holding `os.py`), or null. */
export function pythonStdlibDir(): string | null {
  const versions = fs.existsSync('/usr/lib') ? fs.readdirSync('/usr/lib').filter((n) => /^python3\.\d+$/.test(n)) : [];
  versions.sort((a, b) => Number(b.split('.')[1]) - Number(a.split('.')[1]));
  const dir = versions.map((v) => path.join('/usr/lib', v)).find((d) => fs.existsSync(path.join(d, 'os.py')));
  return dir ?? null;
}

/** Every package (a folder with `__init__.py`) at the top of the Python standard library. */
export function pythonStdlibPackages(): RealTree[] {
  const root = pythonStdlibDir();
  if (!root) return [];
  return fs
    .readdirSync(root)
    .filter((n) => !['site-packages', 'dist-packages', '__pycache__'].includes(n) && fs.existsSync(path.join(root, n, '__init__.py')))
    .sort()
    .map((n) => ({ name: `python:${n}`, dir: path.join(root, n) }));
}

/** The `src/` folders npm packages ship under `nodeModules`, those with more than `minFiles` sources. */
export function nodeModulesSources(nodeModules = path.resolve('node_modules'), minFiles = 5): RealTree[] {
  if (!isDir(nodeModules)) return [];
  const packages: string[] = [];
  for (const n of fs.readdirSync(nodeModules).sort()) {
    if (n.startsWith('.')) continue;
    if (n.startsWith('@')) for (const m of fs.readdirSync(path.join(nodeModules, n)).sort()) packages.push(`${n}/${m}`);
    else packages.push(n);
  }
  return packages
    .map((p) => ({ name: `npm:${p}`, dir: path.join(nodeModules, p, 'src') }))
    .filter((t) => isDir(t.dir) && countSources(t.dir, minFiles + 1) > minFiles);
}

/** Go modules Debian's `golang-*-dev` packages ship under /usr/share/gocode/src (host/owner/repository). */
export function debianGoTrees(root = '/usr/share/gocode/src'): RealTree[] {
  if (!isDir(root)) return [];
  const out: RealTree[] = [];
  for (const host of fs.readdirSync(root).sort())
    for (const owner of isDir(path.join(root, host)) ? fs.readdirSync(path.join(root, host)).sort() : [])
      for (const repo of isDir(path.join(root, host, owner)) ? fs.readdirSync(path.join(root, host, owner)).sort() : []) {
        const dir = path.join(root, host, owner, repo);
        if (isDir(dir) && countSources(dir, 1) > 0) out.push({ name: `go:${host}/${owner}/${repo}`, dir });
      }
  return out;
}

/** Rust crates Debian's `librust-*-dev` packages ship under /usr/share/cargo/registry. */
export function debianRustCrates(root = '/usr/share/cargo/registry'): RealTree[] {
  if (!isDir(root)) return [];
  return fs
    .readdirSync(root)
    .sort()
    .map((n) => ({ name: `rust:${n}`, dir: path.join(root, n) }))
    .filter((t) => isDir(t.dir) && countSources(t.dir, 1) > 0);
}

/**
 * Packages of a JDK's own sources (`lib/src.zip` of any JDK under /usr/lib/jvm), extracted once into the
 * temp folder with the system's `unzip`. Empty when there is no JDK source archive or no `unzip`.
 */
export function jdkSourceTrees(packages = ['java.base/java/util/concurrent', 'java.base/java/time', 'java.net.http/jdk/internal/net/http']): RealTree[] {
  const jvm = '/usr/lib/jvm';
  if (!isDir(jvm)) return [];
  const zip = fs
    .readdirSync(jvm)
    .sort()
    .map((n) => path.join(jvm, n, 'lib', 'src.zip'))
    .find((p) => fs.existsSync(p));
  if (!zip || spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status !== 0) return [];
  const target = path.join(os.tmpdir(), `retrace-jdk-src-${fs.statSync(zip).size}`);
  const out: RealTree[] = [];
  for (const pkg of packages) {
    const dir = path.join(target, pkg);
    if (!isDir(dir)) spawnSync('unzip', ['-q', '-o', zip, `${pkg}/*`, '-d', target], { stdio: 'ignore' });
    if (isDir(dir) && countSources(dir, 1) > 0) out.push({ name: `java:${pkg}`, dir });
  }
  return out;
}

export interface SweepResult {
  name: string;
  files: number;
  writes: number;
  steps: number;
  tokens: number;
  violations: GroundingViolation[];
  /** The error synthesis threw, with the first lines of its stack; null when it did not. */
  crash: string | null;
}

/** Offline synthesis of one real tree in memory, checked for grounding. Never throws: a crash is reported. */
export async function sweepTree(tree: RealTree): Promise<SweepResult> {
  const result: SweepResult = { name: tree.name, files: 0, writes: 0, steps: 0, tokens: 0, violations: [], crash: null };
  try {
    const structure = await structureOf(tree.dir);
    result.files = structure.order.length;
    const trajectory = await synthesize(structure, createOfflineModel());
    result.writes = trajectory.steps.filter((s) => s.action?.type === 'write').length;
    result.steps = trajectory.steps.length;
    result.tokens = trajectory.tokenCount;
    result.violations = checkGrounding(structure, trajectory);
  } catch (err) {
    result.crash = err instanceof Error ? (err.stack ?? err.message).split('\n').slice(0, 4).join('\n') : String(err);
  }
  return result;
}

/** Sweeps trees one after another: how many files, and every failure (a crash, a grounding violation, a file not written once). */
export async function sweepTrees(trees: RealTree[]): Promise<{ files: number; failures: string[] }> {
  let files = 0;
  const failures: string[] = [];
  for (const tree of trees) {
    const r = await sweepTree(tree);
    files += r.files;
    if (r.crash) failures.push(`${tree.name} (${tree.dir}) crashed:\n${r.crash}`);
    else if (r.violations.length) failures.push(`${tree.name}: not grounded: ${r.violations.slice(0, 3).map((v) => v.message).join('; ')}`);
    else if (r.writes !== r.files) failures.push(`${tree.name}: ${r.writes} writes for ${r.files} files`);
  }
  return { files, failures };
}

/**
 * The compiled command line (lib/cli/launch.mjs → dist/cli) is what `npm run retrace` runs: it
 * must print exactly what the TypeScript sources print, with and without the parse cache, and
 * its parse worker must start.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';

const LAUNCH = path.resolve('lib/cli/launch.mjs');
const env = { ...process.env, RETRACE_CACHE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-cli-cache-')) };
const compiled = (...args: string[]) => execFileSync(process.execPath, [LAUNCH, ...args], { encoding: 'utf8', env, maxBuffer: 1 << 28, timeout: 120_000 });
const fromSources = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', path.resolve('lib/cli/main.ts'), ...args], { encoding: 'utf8', env, maxBuffer: 1 << 28, timeout: 120_000 });

function pythonPackage(name: string): string {
  const stdlib = execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
  return path.join(stdlib, name);
}

test('the build records what it was made from', () => {
  compiled('--build');
  const stamp = JSON.parse(fs.readFileSync('dist/cli/build.json', 'utf8'));
  assert.ok(stamp.inputs.includes('lib/cli/main.ts'));
  assert.ok(stamp.inputs.includes('lib/1-ingest/parse/parseWorker.ts'));
  assert.ok(!stamp.inputs.some((f: string) => f.startsWith('node_modules/')), 'npm packages stay external');
});

test('graph --json: the compiled CLI prints what the sources print, cold and from the parse cache', { timeout: 300_000 }, () => {
  for (const dir of [path.resolve('e2e/fixtures/mini'), pythonPackage('json'), pythonPackage('email')]) {
    const expected = fromSources('graph', dir, '--json', '--no-cache');
    assert.equal(compiled('graph', dir, '--json'), expected, `${dir}: first (cold) run`);
    assert.equal(compiled('graph', dir, '--json'), expected, `${dir}: second run, from the cache`);
  }
  assert.equal(fs.readdirSync(path.join(env.RETRACE_CACHE_DIR, 'parse')).length, 3, 'one cache file per folder, outside it');
});

test('usage errors keep their exit code and message', () => {
  const r = spawnSync(process.execPath, [LAUNCH, 'no-such-command'], { encoding: 'utf8', env });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Unknown command "no-such-command"/);
  const proto = spawnSync(process.execPath, [LAUNCH, 'constructor'], { encoding: 'utf8', env });
  assert.equal(proto.status, 2);
});

test('the compiled parse worker starts', async () => {
  compiled('--build');
  const worker = new Worker(path.resolve('dist/cli/parseWorker.mjs'));
  try {
    const first = await new Promise<{ ready?: boolean }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    assert.equal(first.ready, true);
    worker.postMessage({ files: [{ path: 'a.py', content: 'def f():\n    pass\n' }] });
    const parsed = await new Promise<{ results: { symbols: { name: string }[] }[] }>((resolve) => worker.once('message', resolve));
    assert.equal(parsed.results[0].symbols[0].name, 'f');
  } finally {
    await worker.terminate();
  }
});

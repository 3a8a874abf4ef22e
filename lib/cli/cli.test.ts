import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { tempTree } from '../testing/tempTree';

const MAIN = path.resolve('lib/cli/main.ts');
const retrace = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', env: process.env, timeout: 120_000 });

test('graph --json prints the documented contract', () => {
  const root = tempTree({
    'src/index.ts': "import { a } from './a';\nimport type { T } from './types';\nimport lodash from 'lodash';\nimport gone from './gone';\n",
    'src/a.ts': '/** A. */\nexport function a(): number {\n  return 1;\n}\n',
    'src/types.ts': 'export interface T {}\n',
    'data.bin': new Uint8Array([0, 0, 1]) as unknown as string,
  });
  const r = retrace('graph', root, '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'no progress output in --json mode');
  const j = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(j), ['files', 'edges', 'external', 'unresolved', 'cycles', 'order', 'skipped']);
  const a = j.files.find((f: { path: string }) => f.path === 'src/a.ts');
  assert.deepEqual(
    { language: a.language, bytes: a.bytes, lines: a.lines },
    { language: 'typescript', bytes: Buffer.byteLength('/** A. */\nexport function a(): number {\n  return 1;\n}\n'), lines: 4 },
  );
  assert.deepEqual(a.symbols, [{ kind: 'function', name: 'a', parent: null, signature: 'export function a(): number', startLine: 2, endLine: 4, doc: 'A.' }]);
  assert.deepEqual(
    j.edges.map((e: Record<string, unknown>) => [e.from, e.to, e.kind, e.specifier]),
    [
      ['src/index.ts', 'src/a.ts', 'import', './a'],
      ['src/index.ts', 'src/types.ts', 'type-only', './types'],
    ],
  );
  assert.deepEqual(j.external, [{ from: 'src/index.ts', specifier: 'lodash', line: 3 }]);
  assert.equal(j.unresolved[0].specifier, './gone');
  assert.deepEqual(j.order.slice(-1), ['src/index.ts']);
  assert.deepEqual(j.skipped, [{ path: 'data.bin', reason: 'binary file (contains NUL bytes)' }]);
});

test('bad input exits non-zero with a message saying what is wrong', () => {
  const missing = retrace('graph', '/definitely/not/here', '--json');
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /\/definitely\/not\/here is not a folder/);
  const usage = retrace('graph');
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /graph takes one folder/);
  const unknown = retrace('graph', '.', '--frobnicate');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /Unknown option '--frobnicate'/);
  const badNumber = retrace('graph', '.', '--max-file-bytes', 'lots');
  assert.equal(badNumber.status, 2);
  assert.match(badNumber.stderr, /--max-file-bytes takes a positive whole number/);
});

test('ingest --json stores a repository and reports it; an escaping archive is refused', () => {
  const root = tempTree({ 'main.py': 'import helper\n', 'helper.py': 'def h():\n    pass\n' });
  const r = retrace('ingest', root, '--name', 'cli-demo', '--json');
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  assert.equal(summary.name, 'cli-demo');
  assert.equal(summary.created, true);
  assert.equal(summary.edges, 1);
  const again = JSON.parse(retrace('ingest', root, '--name', 'cli-demo', '--json').stdout);
  assert.equal(again.created, false);
  assert.equal(again.snapshotId, summary.snapshotId);
  const broken = retrace('ingest', path.join(root, 'main.py'));
  assert.equal(broken.status, 1);
  assert.match(broken.stderr, /is a file but not an archive Retrace reads/);
});

test('synthesize --dry-run --json prints the trajectory contract without a database', () => {
  const root = tempTree({ 'pkg/__init__.py': '', 'pkg/core.py': 'def core():\n    return 1\n', 'app.py': 'from pkg.core import core\n\nprint(core())\n' });
  const env = { ...process.env, DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' };
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'synthesize', root, '--provider', 'offline', '--dry-run', '--json'], { encoding: 'utf8', env, timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(j), ['provider', 'model', 'plan', 'steps']);
  assert.equal(j.provider, 'offline');
  assert.deepEqual(j.plan.files.map((f: { path: string }) => f.path), ['pkg/__init__.py', 'pkg/core.py', 'app.py']);
  for (const s of j.steps) assert.deepEqual(Object.keys(s).slice(0, 7), ['ordinal', 'agent', 'file', 'kind', 'action', 'content', 'tokens']);
  const write = j.steps.find((s: { action: { type: string; path: string } | null }) => s.action?.type === 'write' && s.action.path === 'pkg/core.py');
  assert.equal(write.action.content, 'def core():\n    return 1\n');
  const readIndex = j.steps.findIndex((s: { file: string; action: { type: string; path: string } | null }) => s.file === 'app.py' && s.action?.type === 'read');
  assert.equal(j.steps[readIndex].action.path, 'pkg/core.py');
  assert.equal(j.steps[readIndex + 1].kind, 'observation');
  assert.equal(j.steps[readIndex + 1].content, 'def core():\n    return 1\n');
});

test('synthesize without a reachable LLM configuration says what to set', () => {
  const env = { ...process.env };
  delete env.RETRACE_LLM_BASE_URL;
  delete env.RETRACE_LLM_API_KEY;
  delete env.OPENAI_API_KEY;
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'synthesize', '.', '--provider', 'openai', '--dry-run', '--json'], { encoding: 'utf8', env, timeout: 60_000 });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /RETRACE_LLM_BASE_URL/);
});

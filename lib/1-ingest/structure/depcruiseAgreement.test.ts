/**
 * A real-world tree nobody here wrote: the TypeScript sources zod ships in its npm package.
 * Our edges must match dependency-cruiser's (run with type-only imports on) on the same copy.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { structureOf } from '../ingest';

const ZOD_SRC = path.resolve('node_modules/zod/src');

interface CruiseOutput {
  modules: { source: string; dependencies: { resolved: string; coreModule: boolean; couldNotResolve: boolean; dependencyTypes: string[] }[] }[];
}

test('edges agree with dependency-cruiser on zod/src', { timeout: 120_000 }, async () => {
  assert.ok(fs.existsSync(ZOD_SRC), 'zod ships its sources');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-zod-'));
  try {
    fs.cpSync(ZOD_SRC, dir, { recursive: true });
    const ours = await structureOf(dir);
    const cruiser = path.resolve('node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
    const out = execFileSync(process.execPath, [cruiser, '--no-config', '--ts-pre-compilation-deps', '--output-type', 'json', '.'], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    const theirs = JSON.parse(out) as CruiseOutput;
    const local = (p: string) => !p.startsWith('node_modules/') && fs.existsSync(path.join(dir, p));
    const theirEdges = new Set<string>();
    for (const m of theirs.modules) {
      for (const d of m.dependencies) {
        if (!d.coreModule && !d.couldNotResolve && local(d.resolved) && d.resolved !== m.source) theirEdges.add(`${m.source} -> ${d.resolved}`);
      }
    }
    const ourEdges = new Set(ours.edges.map((e) => `${e.from} -> ${e.to}`));
    const missing = [...theirEdges].filter((e) => !ourEdges.has(e));
    const extra = [...ourEdges].filter((e) => !theirEdges.has(e));
    assert.ok(theirEdges.size > 300, `dependency-cruiser found ${theirEdges.size} edges`);
    assert.deepEqual(missing, [], 'edges dependency-cruiser found that we did not');
    assert.deepEqual(extra, [], 'edges we found that dependency-cruiser did not');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

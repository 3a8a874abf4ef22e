/**
 * Offline synthesis over real trees nobody here wrote: the sources npm packages ship in node_modules,
 * and the Go, Rust and Java sources Debian packages ship (`.ci/run` installs `golang-github-google-go-cmp-dev`
 * and `librust-anyhow-dev`; the Java tree is a JDK's `src.zip` where one is installed).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { debianGoTrees, debianRustCrates, jdkSourceTrees, nodeModulesSources, sweepTrees } from './realTrees';

test('offline synthesis holds on the sources of at least ten npm packages', async (t) => {
  const trees = nodeModulesSources();
  assert.ok(trees.length >= 10, `expected 10+ packages shipping src/ in node_modules, found ${trees.length}: ${trees.map((x) => x.name).join(', ')}`);
  const { files, failures } = await sweepTrees(trees);
  assert.deepEqual(failures, []);
  t.diagnostic(`${trees.length} trees, ${files} files, 0 crashes: ${trees.map((x) => x.name).join(', ')}`);
});

test('offline synthesis holds on the Go, Rust and Java trees this machine has', async (t) => {
  const trees = [...debianGoTrees(), ...debianRustCrates(), ...jdkSourceTrees()];
  const { files, failures } = await sweepTrees(trees);
  assert.deepEqual(failures, []);
  t.diagnostic(`${trees.length} trees, ${files} files, 0 crashes: ${trees.map((x) => x.name).join(', ')}`);
  for (const lang of ['go', 'rust', 'java']) if (!trees.some((x) => x.name.startsWith(`${lang}:`))) t.diagnostic(`no ${lang} tree found on this machine`);
});

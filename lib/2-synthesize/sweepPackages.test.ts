/**
 * Offline synthesis over real trees nobody here wrote: the sources npm packages ship in node_modules,
 * and the Go and Rust sources Debian packages ship (`golang-github-google-go-cmp-dev`,
 * `librust-anyhow-dev`: `npm test` installs them when it runs this file, or says what to run), plus a
 * JDK's `src.zip` where one is installed (optional: no package brings it here).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { installCommand } from '../testing/systemPackages';
import { debianGoTrees, debianRustCrates, jdkSourceTrees, nodeModulesSources, sweepTrees } from './realTrees';

test('offline synthesis holds on the sources of at least ten npm packages', async (t) => {
  const trees = nodeModulesSources();
  assert.ok(trees.length >= 10, `expected 10+ packages shipping src/ in node_modules, found ${trees.length}: ${trees.map((x) => x.name).join(', ')}`);
  const { files, failures } = await sweepTrees(trees);
  assert.deepEqual(failures, []);
  t.diagnostic(`${trees.length} trees, ${files} files, 0 crashes: ${trees.map((x) => x.name).join(', ')}`);
});

test('offline synthesis holds on the Go and Rust trees Debian ships, and a JDK\'s sources where installed', async (t) => {
  const go = debianGoTrees();
  const rust = debianRustCrates();
  assert.ok(go.length > 0, `No Go sources under /usr/share/gocode/src. Run: ${installCommand(['golang-github-google-go-cmp-dev'])}`);
  assert.ok(rust.length > 0, `No Rust crates under /usr/share/cargo/registry. Run: ${installCommand(['librust-anyhow-dev'])}`);
  const java = jdkSourceTrees();
  const trees = [...go, ...rust, ...java];
  const { files, failures } = await sweepTrees(trees);
  assert.deepEqual(failures, []);
  t.diagnostic(`${trees.length} trees, ${files} files, 0 crashes: ${trees.map((x) => x.name).join(', ')}`);
  if (java.length === 0) t.diagnostic('no Java tree: no JDK with lib/src.zip under /usr/lib/jvm (optional)');
});

/**
 * Offline synthesis over real trees nobody here wrote: the sources npm packages ship in node_modules,
 * and the Go, Rust and Java sources Debian packages ship (`.ci/run` installs `golang-github-google-go-cmp-dev`
 * and `librust-anyhow-dev`; the Java tree is a JDK's `src.zip` where one is installed).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { debianGoTrees, debianRustCrates, jdkSourceTrees, nodeModulesSources, sweepTree, type RealTree } from './realTrees';

async function sweep(trees: RealTree[]): Promise<string> {
  let files = 0;
  for (const tree of trees) {
    const r = await sweepTree(tree);
    assert.equal(r.crash, null, `${tree.name} (${tree.dir}) crashed:\n${r.crash}`);
    assert.deepEqual(r.violations.slice(0, 5), [], `${tree.name}: not grounded`);
    assert.equal(r.writes, r.files, `${tree.name}: every file written once`);
    files += r.files;
  }
  return `${trees.length} trees, ${files} files, 0 crashes: ${trees.map((t) => t.name).join(', ')}`;
}

test('offline synthesis holds on the sources of at least ten npm packages', async (t) => {
  const trees = nodeModulesSources();
  assert.ok(trees.length >= 10, `expected 10+ packages shipping src/ in node_modules, found ${trees.length}: ${trees.map((x) => x.name).join(', ')}`);
  t.diagnostic(await sweep(trees));
});

test('offline synthesis holds on the Go, Rust and Java trees this machine has', async (t) => {
  const trees = [...debianGoTrees(), ...debianRustCrates(), ...jdkSourceTrees()];
  t.diagnostic(trees.length ? await sweep(trees) : 'no Go, Rust or Java source trees on this machine');
  for (const lang of ['go', 'rust', 'java']) if (!trees.some((x) => x.name.startsWith(`${lang}:`))) t.diagnostic(`no ${lang} tree found`);
});

/** Offline synthesis over every package of this machine's Python standard library: no crash, grounded. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pythonStdlibPackages, sweepTree } from './realTrees';

test('offline synthesis holds on every package of the Python standard library', async (t) => {
  const trees = pythonStdlibPackages();
  assert.ok(trees.length >= 20, `expected the Python standard library's packages, found ${trees.length} (Debian ships it with python3)`);
  let files = 0;
  for (const tree of trees) {
    const r = await sweepTree(tree);
    assert.equal(r.crash, null, `${tree.name} (${tree.dir}) crashed:\n${r.crash}`);
    assert.deepEqual(r.violations.slice(0, 5), [], `${tree.name}: not grounded`);
    assert.equal(r.writes, r.files, `${tree.name}: every file written once`);
    files += r.files;
  }
  t.diagnostic(`${trees.length} packages, ${files} files, 0 crashes`);
});

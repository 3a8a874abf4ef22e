/** Offline synthesis over every package of this machine's Python standard library: no crash, grounded. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pythonStdlibPackages, sweepTrees } from './realTrees';

test('offline synthesis holds on every package of the Python standard library', async (t) => {
  const trees = pythonStdlibPackages();
  assert.ok(trees.length >= 20, `expected the Python standard library's packages, found ${trees.length} (Debian ships it with python3)`);
  const { files, failures } = await sweepTrees(trees);
  assert.deepEqual(failures, []);
  t.diagnostic(`${trees.length} packages, ${files} files, 0 crashes`);
});

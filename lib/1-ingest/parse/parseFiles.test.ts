import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFiles } from './parseFiles';

test('parsing on worker threads gives the same results, in input order, as one thread', async () => {
  // Enough source (over the 2 MiB threshold) that workers are really used.
  const files = Array.from({ length: 120 }, (_, i) => ({
    path: `pkg/m${i}.${i % 2 ? 'py' : 'ts'}`,
    content:
      i % 2
        ? `import os\n\ndef f${i}(x):\n    """Doc ${i}."""\n    return x\n${'# filler\n'.repeat(2500)}`
        : `import { a } from './m${i - 2}';\nexport function f${i}(): number {\n  return ${i};\n}\n${'// filler\n'.repeat(2500)}`,
  }));
  let progress = 0;
  const parallel = await parseFiles(files, { threads: 2, onProgress: (done) => (progress = done) });
  const single = await parseFiles(files, { threads: 1 });
  assert.equal(progress, files.length);
  assert.deepEqual(parallel, single);
  assert.equal(parallel[3].symbols[0].name, 'f3');
  assert.equal(parallel[4].imports[0].specifier, './m2');
});

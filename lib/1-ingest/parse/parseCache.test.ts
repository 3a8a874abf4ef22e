import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openParseCache } from './parseCache';
import { parseFiles, type SourceFile } from './parseFiles';

const FILES: SourceFile[] = [
  { path: 'a.py', content: 'import b\n\n\ndef f(x):\n    """F."""\n    return b.g(x)\n' },
  { path: 'b.py', content: 'def g(x):\n    return x + 1\n' },
  { path: 'c.ts', content: "import { x } from './d';\nexport class C { m(): number { return x; } }\n" },
  { path: 'broken.py', content: 'def (:\n' },
];

const cacheFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-parse-cache-')), 'tree.v8');

test('a second parse of the same files comes from the cache and equals a fresh parse', async () => {
  const file = cacheFile();
  const fresh = await parseFiles(FILES, { threads: 1 });
  const first = openParseCache(file);
  assert.deepEqual(await parseFiles(FILES, { threads: 1, cache: first }), fresh);
  assert.equal(first.hits, 0);
  first.save();

  const second = openParseCache(file);
  assert.deepEqual(await parseFiles(FILES, { threads: 1, cache: second }), fresh);
  assert.equal(second.hits, FILES.length);
});

test('a changed file is parsed again; a file renamed to another language is not taken from the cache', async () => {
  const file = cacheFile();
  const cache = openParseCache(file);
  await parseFiles(FILES, { threads: 1, cache });
  cache.save();
  const changed = FILES.map((f) => (f.path === 'b.py' ? { ...f, content: 'def g(x, y):\n    return x + y\n' } : f));
  const again = openParseCache(file);
  const out = await parseFiles(changed, { threads: 1, cache: again });
  assert.equal(again.hits, FILES.length - 1);
  assert.deepEqual(out, await parseFiles(changed, { threads: 1 }));
  // Same content, another grammar: a.py's text as a .ts file is parsed as TypeScript.
  const renamed = openParseCache(file);
  await parseFiles([{ path: 'a.ts', content: FILES[0].content }], { threads: 1, cache: renamed });
  assert.equal(renamed.hits, 0);
});

test('an unreadable or foreign cache file is an empty cache, never an error', async () => {
  const file = cacheFile();
  fs.writeFileSync(file, 'not a cache');
  const cache = openParseCache(file);
  assert.deepEqual(await parseFiles(FILES, { threads: 1, cache }), await parseFiles(FILES, { threads: 1 }));
  assert.equal(cache.hits, 0);
  cache.save();
  assert.equal(openParseCache(file).get(FILES[1].path, FILES[1].content)?.symbols[0].name, 'g');
});

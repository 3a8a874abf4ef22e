import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { searchFiles } from './search';
import { file } from './testFixtures';

const files = ['src/index.ts', 'src/util/index.ts', 'lib/indexer.py', 'docs/reindex.md', 'src/Main.java', 'index.ts'].map((p) => file(p));

describe('searchFiles', () => {
  test('ranks the exact file name, then prefixes, then substrings', () => {
    assert.deepEqual(searchFiles(files, 'index.ts'), ['index.ts', 'src/index.ts', 'src/util/index.ts']);
    assert.deepEqual(searchFiles(files, 'index'), ['index.ts', 'src/index.ts', 'lib/indexer.py', 'src/util/index.ts', 'docs/reindex.md']);
  });
  test('is case-insensitive, matches folders, ignores surrounding space', () => {
    assert.deepEqual(searchFiles(files, '  main '), ['src/Main.java']);
    assert.deepEqual(searchFiles(files, 'UTIL/'), ['src/util/index.ts']);
  });
  test('an exact path comes first; empty queries and misses give nothing; results are limited', () => {
    assert.deepEqual(searchFiles(files, 'src/index.ts')[0], 'src/index.ts');
    assert.deepEqual(searchFiles(files, ''), []);
    assert.deepEqual(searchFiles(files, 'zzz'), []);
    assert.equal(searchFiles(files, 's', 2).length, 2);
  });
});

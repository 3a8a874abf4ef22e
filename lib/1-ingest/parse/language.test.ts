import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grammarFor, languageOf } from './language';

test('languageOf maps extensions to languages', () => {
  const cases: Array<[string, ReturnType<typeof languageOf>]> = [
    ['a/b.py', 'python'],
    ['x.js', 'javascript'],
    ['x.jsx', 'javascript'],
    ['x.mjs', 'javascript'],
    ['x.cjs', 'javascript'],
    ['x.ts', 'typescript'],
    ['x.tsx', 'typescript'],
    ['x.mts', 'typescript'],
    ['x.cts', 'typescript'],
    ['types/index.d.ts', 'typescript'],
    ['main.go', 'go'],
    ['src/lib.rs', 'rust'],
    ['App.java', 'java'],
    ['UPPER.PY', 'python'],
    ['README.md', null],
    ['Makefile', null],
    ['dir.ts/file', null],
    ['.js', null],
  ];
  for (const [path, expected] of cases) assert.equal(languageOf(path), expected, path);
});

test('grammarFor distinguishes tsx and parses jsx with javascript', () => {
  assert.equal(grammarFor('a.tsx'), 'tsx');
  assert.equal(grammarFor('a.ts'), 'typescript');
  assert.equal(grammarFor('a.d.ts'), 'typescript');
  assert.equal(grammarFor('a.mts'), 'typescript');
  assert.equal(grammarFor('a.jsx'), 'javascript');
  assert.equal(grammarFor('a.py'), 'python');
  assert.equal(grammarFor('a.txt'), null);
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { memoryIndex } from '../structure/memoryIndex';
import type { ImportSyntax } from '../structure/types';
import { createJsResolver } from './javascript';
import type { Resolution } from './types';

/** Node's package self-reference: files import their own package by its package.json `name` (javascript.test.ts has the rest). */

function resolve(files: Record<string, string>, fromPath: string, specifier: string, syntax: ImportSyntax = 'esm'): Resolution {
  const resolver = createJsResolver(memoryIndex({ [fromPath]: '', ...files }));
  return resolver(fromPath, { specifier, syntax, typeOnly: false, line: 1 });
}

function file(path: string): Resolution {
  return { kind: 'files', paths: [path] };
}

const json = (value: unknown): string => JSON.stringify(value);

describe('self-reference by the root package name', () => {
  test('without exports: entry fields and subpaths, from anywhere in the repository', () => {
    const files = {
      'package.json': json({ name: 'mylib', main: './dist/index.js' }),
      'src/index.ts': '',
      'src/sub/part.ts': '',
    };
    assert.deepEqual(resolve(files, 'test/a.test.ts', 'mylib'), file('src/index.ts'));
    assert.deepEqual(resolve(files, 'test/a.test.ts', 'mylib/src/sub/part'), file('src/sub/part.ts'));
    assert.deepEqual(resolve(files, 'src/sub/part.ts', 'mylib', 'require'), file('src/index.ts'));
  });
});

describe('package self-reference below the root (Node: a file imports its own package.json name)', () => {
  const nested = {
    'package.json': json({ name: 'site', private: true }),
    'tools/gen/package.json': json({ name: '@acme/gen', exports: { '.': './src/index.ts', './util': { import: './dist/util.mjs' } } }),
    'tools/gen/src/index.ts': '',
    'tools/gen/src/util.mts': '',
    'tools/gen/src/cli/main.ts': '',
    'examples/demo/package.json': json({ name: 'demo', main: 'index.js' }),
    'examples/demo/index.js': '',
    'examples/demo/lib/x.js': '',
  };

  test('a package.json that is no declared workspace: its files import it by name, through exports', () => {
    assert.deepEqual(resolve(nested, 'tools/gen/src/cli/main.ts', '@acme/gen'), file('tools/gen/src/index.ts'));
    assert.deepEqual(resolve(nested, 'tools/gen/src/cli/main.ts', '@acme/gen/util'), file('tools/gen/src/util.mts'));
  });

  test('without exports, through the entry fields and subpaths', () => {
    assert.deepEqual(resolve(nested, 'examples/demo/lib/x.js', 'demo'), file('examples/demo/index.js'));
    assert.deepEqual(resolve(nested, 'examples/demo/index.js', 'demo/lib/x', 'require'), file('examples/demo/lib/x.js'));
  });

  test('outside its folder the name of a package that is no workspace stays external', () => {
    assert.deepEqual(resolve(nested, 'src/a.ts', '@acme/gen'), { kind: 'external' });
    assert.deepEqual(resolve(nested, 'tools/gen/src/index.ts', 'demo'), { kind: 'external' });
  });

  test('a package.json without the name in between does not hide the one that declares it', () => {
    const files = { ...nested, 'tools/gen/src/cli/package.json': json({ type: 'module' }) };
    assert.deepEqual(resolve(files, 'tools/gen/src/cli/main.ts', '@acme/gen'), file('tools/gen/src/index.ts'));
  });

  test('the nearest package.json declaring the name wins over the root and over workspaces', () => {
    const files = {
      'package.json': json({ name: 'app', workspaces: ['packages/*'], main: 'src/main.ts' }),
      'src/main.ts': '',
      'packages/app/package.json': json({ name: 'app', main: 'lib.ts' }),
      'packages/app/lib.ts': '',
      'fixtures/app/package.json': json({ name: 'app', main: 'fixture.ts' }),
      'fixtures/app/fixture.ts': '',
      'fixtures/app/test.ts': '',
    };
    assert.deepEqual(resolve(files, 'fixtures/app/test.ts', 'app'), file('fixtures/app/fixture.ts'));
    assert.deepEqual(resolve(files, 'src/other.ts', 'app'), file('src/main.ts'));
  });

  test('a self-reference to a subpath with no file is unresolved, naming the package', () => {
    const result = resolve(nested, 'tools/gen/src/index.ts', '@acme/gen/missing');
    assert.equal(result.kind, 'unresolved');
    if (result.kind === 'unresolved') assert.match(result.reason, /own package @acme\/gen \(tools\/gen\) has no file for \.\/missing/);
  });
});

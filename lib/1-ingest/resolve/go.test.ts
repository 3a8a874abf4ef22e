import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { memoryIndex } from '../structure/memoryIndex';
import type { RawImport } from '../structure/types';
import { createGoResolver } from './go';
import type { Resolution } from './types';

function goImport(specifier: string): RawImport {
  return { syntax: 'go', specifier, typeOnly: false, line: 3 };
}

function files(...paths: string[]): Resolution {
  return { kind: 'files', paths };
}

function assertUnresolved(result: Resolution, mentions: string): void {
  assert.equal(result.kind, 'unresolved');
  if (result.kind === 'unresolved') assert.ok(result.reason.includes(mentions), result.reason);
}

const singleModule = {
  'go.mod': 'module example.com/m\n\ngo 1.22\n\nrequire github.com/x/y v1.0.0\n',
  'main.go': '',
  'pkg/util/strings.go': '',
  'pkg/util/numbers.go': '',
  'pkg/util/strings_test.go': '',
  'pkg/empty/README.md': '',
  'pkg/onlytests/a_test.go': '',
};

describe('go resolver', () => {
  test('an import under the module path resolves to every .go file of its folder', () => {
    const resolve = createGoResolver(memoryIndex(singleModule));
    assert.deepEqual(resolve('main.go', goImport('example.com/m/pkg/util')), files('pkg/util/numbers.go', 'pkg/util/strings.go'));
  });

  test('_test.go files and the importing file itself are left out', () => {
    const resolve = createGoResolver(memoryIndex(singleModule));
    // An external test package (package util_test) imports the package it sits in.
    assert.deepEqual(
      resolve('pkg/util/strings_test.go', goImport('example.com/m/pkg/util')),
      files('pkg/util/numbers.go', 'pkg/util/strings.go'),
    );
    assert.deepEqual(resolve('pkg/util/strings.go', goImport('example.com/m/pkg/util')), files('pkg/util/numbers.go'));
  });

  test('the module path itself is the module folder', () => {
    const resolve = createGoResolver(memoryIndex(singleModule));
    assert.deepEqual(resolve('pkg/util/strings.go', goImport('example.com/m')), files('main.go'));
  });

  test('a folder with no non-test .go files is unresolved', () => {
    const resolve = createGoResolver(memoryIndex(singleModule));
    assertUnresolved(resolve('main.go', goImport('example.com/m/pkg/empty')), 'pkg/empty');
    assertUnresolved(resolve('main.go', goImport('example.com/m/pkg/onlytests')), 'no non-test .go files');
  });

  test('a missing folder under the module path is unresolved', () => {
    const resolve = createGoResolver(memoryIndex(singleModule));
    assertUnresolved(resolve('main.go', goImport('example.com/m/pkg/gone')), 'pkg/gone');
  });

  test('the standard library and third-party modules are external', () => {
    const resolve = createGoResolver(memoryIndex(singleModule));
    assert.deepEqual(resolve('main.go', goImport('fmt')), { kind: 'external' });
    assert.deepEqual(resolve('main.go', goImport('net/http')), { kind: 'external' });
    assert.deepEqual(resolve('main.go', goImport('github.com/x/y/z')), { kind: 'external' });
    assert.deepEqual(resolve('main.go', goImport('example.com/mother')), { kind: 'external' }, 'prefix match is by segment');
  });

  test('nested modules: the longest module path wins', () => {
    const resolve = createGoResolver(
      memoryIndex({
        'go.mod': 'module example.com/m // root module\n',
        'tools/go.mod': 'module "example.com/m/tools"\n',
        'tools/gen/gen.go': '',
        'lib/a.go': '',
      }),
    );
    assert.deepEqual(resolve('lib/a.go', goImport('example.com/m/tools/gen')), files('tools/gen/gen.go'));
    assert.deepEqual(resolve('tools/gen/gen.go', goImport('example.com/m/lib')), files('lib/a.go'));
  });

  test('several modules of a go.work repository resolve by their own module paths', () => {
    const resolve = createGoResolver(
      memoryIndex({
        'go.work': 'go 1.22\n\nuse (\n\t./api\n\t./server\n)\n',
        'api/go.mod': 'module github.com/acme/api\n',
        'api/v1/types.go': '',
        'server/go.mod': 'module github.com/acme/server\n',
        'server/main.go': '',
      }),
    );
    assert.deepEqual(resolve('server/main.go', goImport('github.com/acme/api/v1')), files('api/v1/types.go'));
  });

  test('a replace directive to a local directory maps that module to the folder', () => {
    const resolve = createGoResolver(
      memoryIndex({
        'app/go.mod': [
          'module example.com/app',
          'require example.com/other v0.0.0',
          'replace example.com/other => ../other',
          'replace (',
          '\texample.com/forked v1.2.0 => ./third_party/forked // local patch',
          '\texample.com/remote => github.com/me/remote v1.0.0',
          ')',
        ].join('\n'),
        'app/main.go': '',
        'other/lib/lib.go': '',
        'app/third_party/forked/f.go': '',
      }),
    );
    assert.deepEqual(resolve('app/main.go', goImport('example.com/other/lib')), files('other/lib/lib.go'));
    assert.deepEqual(resolve('app/main.go', goImport('example.com/forked')), files('app/third_party/forked/f.go'));
    assert.deepEqual(resolve('app/main.go', goImport('example.com/remote/x')), { kind: 'external' }, 'replaced by a module, not a folder');
  });

  test('without any go.mod every import is external', () => {
    const resolve = createGoResolver(memoryIndex({ 'main.go': '', 'util/u.go': '' }));
    assert.deepEqual(resolve('main.go', goImport('util')), { kind: 'external' });
  });
});

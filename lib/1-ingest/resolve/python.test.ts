import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { memoryIndex } from '../structure/memoryIndex';
import type { RawImport } from '../structure/types';
import { createPythonResolver } from './python';
import type { Resolution } from './types';

function importOf(specifier: string): RawImport {
  return { syntax: 'python-import', specifier, typeOnly: false, line: 1, level: 0 };
}

function fromOf(specifier: string, names: string[], level = 0): RawImport {
  return { syntax: 'python-from', specifier, names, typeOnly: false, line: 1, level };
}

function resolverFor(paths: string[]) {
  return createPythonResolver(memoryIndex(Object.fromEntries(paths.map((path) => [path, '']))));
}

function files(...paths: string[]): Resolution {
  return { kind: 'files', paths };
}

function assertUnresolved(result: Resolution, mentions: string): void {
  assert.equal(result.kind, 'unresolved');
  if (result.kind === 'unresolved') assert.match(result.reason, new RegExp(mentions.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
}

describe('python: absolute imports', () => {
  test('import a.b.c resolves to the module file a/b/c.py', () => {
    const resolve = resolverFor(['main.py', 'a/__init__.py', 'a/b/__init__.py', 'a/b/c.py']);
    assert.deepEqual(resolve('main.py', importOf('a.b.c')), files('a/b/c.py'));
  });

  test('a package resolves to its __init__.py', () => {
    const resolve = resolverFor(['main.py', 'a/__init__.py', 'a/b/__init__.py', 'a/b/c.py']);
    assert.deepEqual(resolve('main.py', importOf('a.b')), files('a/b/__init__.py'));
  });

  test('when the tail of the chain is missing, the deepest existing module is the target', () => {
    const resolve = resolverFor(['main.py', 'a/__init__.py', 'a/b.py']);
    assert.deepEqual(resolve('main.py', importOf('a.b.c')), files('a/b.py'));
    assert.deepEqual(resolve('main.py', importOf('a.x.y')), files('a/__init__.py'));
  });

  test('a namespace folder without a file gives no edge at its level; the chain falls back to its parent', () => {
    const resolve = resolverFor(['main.py', 'a/__init__.py', 'a/ns/deeper/other.py']);
    assert.deepEqual(resolve('main.py', importOf('a.ns.missing')), files('a/__init__.py'));
  });

  test('modules inside namespace packages resolve; the namespace package itself gives no edge', () => {
    const resolve = resolverFor(['main.py', 'ns/sub/mod.py']);
    assert.deepEqual(resolve('main.py', importOf('ns.sub.mod')), files('ns/sub/mod.py'));
    assert.deepEqual(resolve('main.py', importOf('ns.sub')), files());
  });

  test('a src/ layout is a package root', () => {
    const resolve = resolverFor(['tests/test_x.py', 'src/pkg/__init__.py', 'src/pkg/mod.py']);
    assert.deepEqual(resolve('tests/test_x.py', importOf('pkg.mod')), files('src/pkg/mod.py'));
  });

  test('a folder with pyproject.toml, setup.py or setup.cfg is a root, and so is its src/', () => {
    const resolve = resolverFor([
      'services/api/pyproject.toml',
      'services/api/src/api/__init__.py',
      'services/api/tools/cli.py',
      'services/worker/setup.cfg',
      'services/worker/worker/jobs.py',
      'run.py',
    ]);
    assert.deepEqual(resolve('run.py', importOf('api')), files('services/api/src/api/__init__.py'));
    assert.deepEqual(resolve('run.py', importOf('tools.cli')), files('services/api/tools/cli.py'));
    assert.deepEqual(resolve('run.py', importOf('worker.jobs')), files('services/worker/worker/jobs.py'));
  });

  test('lib/ and python/ folders holding packages are roots, but not when they are packages themselves', () => {
    const withContainers = resolverFor(['main.py', 'lib/mylib/__init__.py', 'python/binding/core.py']);
    assert.deepEqual(withContainers('main.py', importOf('mylib')), files('lib/mylib/__init__.py'));
    assert.deepEqual(withContainers('main.py', importOf('binding.core')), files('python/binding/core.py'));
    const libIsPackage = resolverFor(['main.py', 'lib/__init__.py', 'lib/mylib.py']);
    assert.deepEqual(libIsPackage('main.py', importOf('mylib')), { kind: 'external' });
    assert.deepEqual(libIsPackage('main.py', importOf('lib.mylib')), files('lib/mylib.py'));
  });

  test('the root holding the importing file wins when two projects define the same package', () => {
    const resolve = resolverFor([
      'one/pyproject.toml',
      'one/shared/__init__.py',
      'one/app.py',
      'two/pyproject.toml',
      'two/shared/__init__.py',
      'two/app.py',
    ]);
    assert.deepEqual(resolve('two/app.py', importOf('shared')), files('two/shared/__init__.py'));
    assert.deepEqual(resolve('one/app.py', importOf('shared')), files('one/shared/__init__.py'));
  });

  test('a script outside any package sees the modules of its own folder', () => {
    const resolve = resolverFor(['scripts/run.py', 'scripts/common.py']);
    assert.deepEqual(resolve('scripts/run.py', importOf('common')), files('scripts/common.py'));
  });

  test('stdlib and third-party imports are external', () => {
    const resolve = resolverFor(['main.py', 'docs/os/readme.md']);
    assert.deepEqual(resolve('main.py', importOf('os.path')), { kind: 'external' });
    assert.deepEqual(resolve('main.py', fromOf('requests', ['get'])), { kind: 'external' });
    assert.deepEqual(resolve('main.py', importOf('os')), { kind: 'external' }, 'a folder without Python code is no package');
  });

  test('.pyi stubs count as modules, and .py is preferred over .pyi', () => {
    const resolve = resolverFor(['main.py', 'typed/api.pyi', 'both/mod.py', 'both/mod.pyi']);
    assert.deepEqual(resolve('main.py', importOf('typed.api')), files('typed/api.pyi'));
    assert.deepEqual(resolve('main.py', importOf('both.mod')), files('both/mod.py'));
  });
});

describe('python: from imports', () => {
  test('from X import n resolves to module X.n when it is a module', () => {
    const resolve = resolverFor(['main.py', 'pkg/__init__.py', 'pkg/tools.py']);
    assert.deepEqual(resolve('main.py', fromOf('pkg', ['tools'])), files('pkg/tools.py'));
  });

  test('from X import n resolves to X when n is not a module', () => {
    const resolve = resolverFor(['main.py', 'pkg/__init__.py', 'pkg/tools.py']);
    assert.deepEqual(resolve('main.py', fromOf('pkg.tools', ['helper'])), files('pkg/tools.py'));
  });

  test('several names give every distinct file', () => {
    const resolve = resolverFor(['main.py', 'pkg/__init__.py', 'pkg/a.py', 'pkg/b.py']);
    assert.deepEqual(resolve('main.py', fromOf('pkg', ['a', 'b', 'x', 'y'])), files('pkg/a.py', 'pkg/b.py', 'pkg/__init__.py'));
  });

  test('a star import resolves to X', () => {
    const resolve = resolverFor(['main.py', 'pkg/__init__.py', 'pkg/a.py']);
    assert.deepEqual(resolve('main.py', fromOf('pkg.a', ['*'])), files('pkg/a.py'));
  });
});

describe('python: relative imports', () => {
  const tree = ['app/__init__.py', 'app/core/__init__.py', 'app/core/engine.py', 'app/core/parts.py', 'app/util/text.py', 'app/api.py'];

  test('level 1 is the importing file’s package: from . import x', () => {
    const resolve = resolverFor(tree);
    assert.deepEqual(resolve('app/core/engine.py', fromOf('', ['parts'], 1)), files('app/core/parts.py'));
  });

  test('from .mod import name resolves to the sibling module', () => {
    const resolve = resolverFor(tree);
    assert.deepEqual(resolve('app/core/engine.py', fromOf('parts', ['Gear'], 1)), files('app/core/parts.py'));
  });

  test('from . import name that is no module resolves to the package __init__.py', () => {
    const resolve = resolverFor(tree);
    assert.deepEqual(resolve('app/core/engine.py', fromOf('', ['VERSION'], 1)), files('app/core/__init__.py'));
  });

  test('an __init__.py file’s package is its own folder', () => {
    const resolve = resolverFor(tree);
    assert.deepEqual(resolve('app/core/__init__.py', fromOf('engine', ['Engine'], 1)), files('app/core/engine.py'));
  });

  test('level 2 climbs one package up: from ..pkg.mod import *', () => {
    const resolve = resolverFor(tree);
    assert.deepEqual(resolve('app/core/engine.py', fromOf('util.text', ['*'], 2)), files('app/util/text.py'));
  });

  test('a missing relative target is unresolved, naming what was looked for', () => {
    const resolve = resolverFor(tree);
    assertUnresolved(resolve('app/core/engine.py', fromOf('missing', ['x'], 1)), 'app/core/missing.py');
  });

  test('a missing name in a namespace package is unresolved', () => {
    const resolve = resolverFor(tree);
    assertUnresolved(resolve('app/util/text.py', fromOf('', ['nothing'], 1)), 'app/util/nothing.py');
  });

  test('climbing above the repository root is unresolved', () => {
    const resolve = resolverFor(tree);
    assertUnresolved(resolve('app/api.py', fromOf('x', ['y'], 3)), 'above the repository root');
  });
});

describe('python: a root folder that is itself a package', () => {
  const stdlibJson = ['__init__.py', 'decoder.py', 'encoder.py', 'scanner.py', 'tool.py', 'tests/__init__.py', 'tests/helpers.py'];
  const rootPackage = (paths: string[], rootName: string | undefined) =>
    createPythonResolver(memoryIndex(Object.fromEntries(paths.map((path) => [path, ''])), rootName));

  test('imports of the root folder’s name resolve to files inside it', () => {
    const resolve = rootPackage(stdlibJson, 'json');
    assert.deepEqual(resolve('decoder.py', fromOf('json', ['scanner'])), files('scanner.py'));
    assert.deepEqual(resolve('tool.py', importOf('json')), files('__init__.py'));
    assert.deepEqual(resolve('tool.py', importOf('json.decoder')), files('decoder.py'));
    assert.deepEqual(resolve('tool.py', fromOf('json.decoder', ['JSONDecodeError'])), files('decoder.py'));
    assert.deepEqual(resolve('tool.py', fromOf('json.tests', ['helpers', 'load'])), files('tests/helpers.py', 'tests/__init__.py'));
  });

  test('a name that is no module, or a missing tail, falls back to the deepest module, at least the root __init__.py', () => {
    const resolve = rootPackage(stdlibJson, 'json');
    assert.deepEqual(resolve('tool.py', fromOf('json', ['loads'])), files('__init__.py'));
    assert.deepEqual(resolve('tool.py', importOf('json.missing.deeper')), files('__init__.py'));
    assert.deepEqual(resolve('tool.py', importOf('json.decoder.missing')), files('decoder.py'));
  });

  test('the root package importing itself gives no edge, and is not external', () => {
    const resolve = rootPackage(stdlibJson, 'json');
    assert.deepEqual(resolve('__init__.py', importOf('json')), files());
  });

  test('the root’s name means the root package, also when a module inside has the same name', () => {
    const resolve = rootPackage(['__init__.py', 'foo.py', 'app.py'], 'foo');
    assert.deepEqual(resolve('app.py', importOf('foo')), files('__init__.py'));
    assert.deepEqual(resolve('app.py', importOf('foo.foo')), files('foo.py'));
  });

  test('a root without __init__.py, or without a known name, is no package: its name stays external', () => {
    const withoutInit = rootPackage(['decoder.py', 'scanner.py'], 'json');
    assert.deepEqual(withoutInit('decoder.py', fromOf('json', ['scanner'])), { kind: 'external' });
    const withoutName = rootPackage(stdlibJson, undefined);
    assert.deepEqual(withoutName('decoder.py', fromOf('json', ['scanner'])), { kind: 'external' });
    const otherName = rootPackage(stdlibJson, 'json-copy');
    assert.deepEqual(otherName('decoder.py', fromOf('json', ['scanner'])), { kind: 'external' });
  });

  test('other absolute imports are unchanged', () => {
    const resolve = rootPackage(stdlibJson, 'json');
    assert.deepEqual(resolve('decoder.py', importOf('re')), { kind: 'external' });
    assert.deepEqual(resolve('tool.py', importOf('scanner')), files('scanner.py'), 'the root is still a package root');
  });
});

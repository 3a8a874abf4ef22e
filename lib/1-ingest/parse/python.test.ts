import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createFileParser } from './parser';

const parser = await createFileParser();
const parse = (source: string) => parser.parse('pkg/mod.py', source);

function symbol(source: string, name: string) {
  const found = parse(source).symbols.find((candidate) => candidate.name === name);
  assert.ok(found, `no symbol ${name}`);
  return found;
}

describe('python outline', () => {
  test('top-level def is a function with its docstring and lines', () => {
    const source = ['import os', '', 'def load(path,', '         mode="r"):', '    """Load a file.', '', '    Details."""', '    return 1', ''].join('\n');
    assert.deepEqual(symbol(source, 'load'), {
      kind: 'function',
      name: 'load',
      parent: null,
      signature: 'def load(path,',
      startLine: 3,
      endLine: 8,
      doc: 'Load a file.',
    });
  });

  test('class and its methods; docstring of a class; nested function skipped', () => {
    const source = [
      'class Store(Base):',
      "    '''Keeps things.'''",
      '    def get(self, key):',
      '        def inner():',
      '            pass',
      '        return inner',
      '    async def put(self): pass',
    ].join('\n');
    const { symbols } = parse(source);
    assert.deepEqual(
      symbols.map((entry) => [entry.kind, entry.name, entry.parent, entry.startLine, entry.endLine]),
      [
        ['class', 'Store', null, 1, 7],
        ['method', 'get', 'Store', 3, 6],
        ['method', 'put', 'Store', 7, 7],
      ],
    );
    assert.equal(symbols[0].doc, 'Keeps things.');
    assert.equal(symbols[0].signature, 'class Store(Base):');
    assert.equal(symbols[2].signature, 'async def put(self):');
  });

  test('decorated definitions start at the decorator and take the def line as signature', () => {
    const source = ['@dataclass', 'class Point:', '    @property', '    def x(self):', '        return 1'].join('\n');
    const { symbols } = parse(source);
    assert.deepEqual(symbols.map((entry) => [entry.kind, entry.name, entry.startLine, entry.signature]), [
      ['class', 'Point', 1, 'class Point:'],
      ['method', 'x', 3, 'def x(self):'],
    ]);
  });

  test('nested class has the outer class as parent', () => {
    const { symbols } = parse(['class A:', '    class B:', '        def m(self): pass'].join('\n'));
    assert.deepEqual(symbols.map((entry) => [entry.kind, entry.name, entry.parent]), [
      ['class', 'A', null],
      ['class', 'B', 'A'],
      ['method', 'm', 'B'],
    ]);
  });

  test('top-level UPPER_CASE assignments are constants, others are not', () => {
    const source = ['# Largest size.', 'MAX_SIZE: int = 10', 'lower = 1', '_PRIVATE_X = 2', 'A, B = 1, 2', 'def f():', '    INNER = 3'].join('\n');
    const constants = parse(source).symbols.filter((entry) => entry.kind === 'constant');
    assert.deepEqual(constants.map((entry) => [entry.name, entry.startLine, entry.doc]), [
      ['MAX_SIZE', 2, 'Largest size.'],
      ['_PRIVATE_X', 4, null],
    ]);
    assert.equal(constants[0].signature, 'MAX_SIZE: int = 10');
  });

  test("a constant's opening brace is part of its value and stays in the signature", () => {
    const [constant] = parse('CONFIG = {\n    "a": 1,\n}\n').symbols;
    assert.deepEqual([constant.kind, constant.signature, constant.startLine, constant.endLine], ['constant', 'CONFIG = {', 1, 3]);
  });

  test('leading # comment is the doc when there is no docstring; a blank line breaks it', () => {
    const source = ['# Unrelated.', '', '# Computes things.', '#   more', 'def compute():', '    pass'].join('\n');
    assert.equal(symbol(source, 'compute').doc, 'Computes things.');
    assert.equal(symbol(['# far away', '', 'def g(): pass'].join('\n'), 'g').doc, null);
  });
});

describe('python imports', () => {
  test('import a.b.c and import a, b as c', () => {
    assert.deepEqual(parse('import a.b.c\nimport d, e.f as g\n').imports, [
      { specifier: 'a.b.c', syntax: 'python-import', typeOnly: false, line: 1, level: 0 },
      { specifier: 'd', syntax: 'python-import', typeOnly: false, line: 2, level: 0 },
      { specifier: 'e.f', syntax: 'python-import', typeOnly: false, line: 2, level: 0 },
    ]);
  });

  test('from a.b import x, y (aliases keep the imported name)', () => {
    assert.deepEqual(parse('from a.b import x, y as z\n').imports, [
      { specifier: 'a.b', syntax: 'python-from', typeOnly: false, line: 1, names: ['x', 'y'], level: 0 },
    ]);
  });

  test('relative imports: from . import x, from ..pkg.mod import *, parenthesised names', () => {
    const source = 'from . import x\nfrom ..pkg.mod import *\nfrom .m import (\n    a,\n    b,\n)\n';
    assert.deepEqual(parse(source).imports, [
      { specifier: '', syntax: 'python-from', typeOnly: false, line: 1, names: ['x'], level: 1 },
      { specifier: 'pkg.mod', syntax: 'python-from', typeOnly: false, line: 2, names: ['*'], level: 2 },
      { specifier: 'm', syntax: 'python-from', typeOnly: false, line: 3, names: ['a', 'b'], level: 1 },
    ]);
  });

  test('imports inside functions, classes and try blocks count', () => {
    const source = [
      'try:',
      '    import json',
      'except ImportError:',
      '    json = None',
      'def f():',
      '    from os import path',
      'class C:',
      '    def m(self):',
      '        import re',
    ].join('\n');
    assert.deepEqual(
      parse(source).imports.map((entry) => [entry.specifier, entry.line]),
      [
        ['json', 2],
        ['os', 6],
        ['re', 9],
      ],
    );
  });

  test('imports under if TYPE_CHECKING are type-only, not those in its else branch', () => {
    const source = [
      'from typing import TYPE_CHECKING',
      'import typing',
      'if TYPE_CHECKING:',
      '    from models import User',
      'else:',
      '    import fallback',
      'if typing.TYPE_CHECKING:',
      '    import heavy',
    ].join('\n');
    assert.deepEqual(
      parse(source).imports.map((entry) => [entry.specifier, entry.typeOnly]),
      [
        ['typing', false],
        ['typing', false],
        ['models', true],
        ['fallback', false],
        ['heavy', true],
      ],
    );
  });

  test('from __future__ import is reported as a from-import', () => {
    assert.deepEqual(parse('from __future__ import annotations\n').imports, [
      { specifier: '__future__', syntax: 'python-from', typeOnly: false, line: 1, names: ['annotations'], level: 0 },
    ]);
  });

  test('the word import in strings and comments is not an import', () => {
    assert.deepEqual(parse('# import os\nx = "import sys"\n').imports, []);
  });
});

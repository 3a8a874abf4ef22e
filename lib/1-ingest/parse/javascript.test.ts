import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OutlineSymbol } from '../structure/types';
import { createFileParser } from './parser';

const parser = await createFileParser();
const parseTs = (source: string) => parser.parse('src/a.ts', source);
const parseJs = (source: string) => parser.parse('src/a.js', source);

const brief = (symbols: OutlineSymbol[]) => symbols.map((entry) => [entry.kind, entry.name, entry.parent]);

describe('javascript/typescript outline', () => {
  test('class with methods, getters, setters, generator and arrow field; doc from /** */', () => {
    const source = [
      '/**',
      ' * Keeps users.',
      ' */',
      'export abstract class Store<T> extends Base implements Api {',
      '  // Reads one.',
      '  async get(id: string): Promise<T> {',
      '    return this.items[id];',
      '  }',
      '  get size() { return 1 }',
      '  set size(value) {}',
      '  static *ids() {}',
      '  onChange = () => {};',
      '  count = 0;',
      '  abstract flush(): void;',
      '}',
    ].join('\n');
    const { symbols } = parseTs(source);
    assert.deepEqual(brief(symbols), [
      ['class', 'Store', null],
      ['method', 'get', 'Store'],
      ['method', 'size', 'Store'],
      ['method', 'size', 'Store'],
      ['method', 'ids', 'Store'],
      ['method', 'onChange', 'Store'],
      ['method', 'flush', 'Store'],
    ]);
    assert.deepEqual(symbols[0], {
      kind: 'class',
      name: 'Store',
      parent: null,
      signature: 'export abstract class Store<T> extends Base implements Api',
      startLine: 4,
      endLine: 15,
      doc: 'Keeps users.',
    });
    assert.deepEqual([symbols[1].signature, symbols[1].startLine, symbols[1].endLine, symbols[1].doc], [
      'async get(id: string): Promise<T>',
      6,
      8,
      'Reads one.',
    ]);
  });

  test('functions: declarations, generators, const arrows and function expressions, exported or not', () => {
    const source = [
      'function plain(a) {}',
      'export function* gen() {}',
      'export const arrow = async (x: number) => {',
      '  return x;',
      '};',
      'const expr = function () {};',
      'let later = () => 1;',
    ].join('\n');
    const { symbols } = parseTs(source);
    assert.deepEqual(brief(symbols), [
      ['function', 'plain', null],
      ['function', 'gen', null],
      ['function', 'arrow', null],
      ['function', 'expr', null],
      ['function', 'later', null],
    ]);
    assert.deepEqual([symbols[2].signature, symbols[2].startLine, symbols[2].endLine], [
      'export const arrow = async (x: number) =>',
      3,
      5,
    ]);
  });

  test('interface, type alias, enum, top-level constants only', () => {
    const source = [
      'export interface Shape { area(): number }',
      'type Id = string;',
      'export enum Color { Red }',
      'export const LIMIT = 10, names = ["a"];',
      'let mutable = 1;',
      'const { a, b } = pair;',
      'function f() { const inner = 2; }',
    ].join('\n');
    assert.deepEqual(brief(parseTs(source).symbols), [
      ['interface', 'Shape', null],
      ['type', 'Id', null],
      ['enum', 'Color', null],
      ['constant', 'LIMIT', null],
      ['constant', 'names', null],
      ['function', 'f', null],
    ]);
  });

  test("a constant keeps its value's opening brace; a function loses its body's", () => {
    const { symbols } = parseTs('export const ROUTES = {\n  home: "/",\n};\nfunction f() {\n}\n');
    assert.deepEqual(symbols.map((entry) => entry.signature), ['export const ROUTES = {', 'function f()']);
  });

  test('export default function/class, named or anonymous', () => {
    assert.deepEqual(brief(parseTs('export default function () {}').symbols), [['function', 'default', null]]);
    assert.deepEqual(brief(parseTs('export default class {}').symbols), [['class', 'default', null]]);
    assert.deepEqual(brief(parseJs('export default function main() {}').symbols), [['function', 'main', null]]);
    assert.deepEqual(brief(parseJs('export default class App { render() {} }').symbols), [
      ['class', 'App', null],
      ['method', 'render', 'App'],
    ]);
  });

  test('object-literal methods are not outlined; TS overloads fold into one symbol', () => {
    const source = ['const api = { get() {}, put: function () {} };', 'function f(a: string): void;', 'function f(a: any) {', '}'].join('\n');
    const { symbols } = parseTs(source);
    assert.deepEqual(brief(symbols), [
      ['constant', 'api', null],
      ['function', 'f', null],
    ]);
    assert.deepEqual([symbols[1].startLine, symbols[1].endLine, symbols[1].signature], [2, 4, 'function f(a: any)']);
  });

  test('decorators: doc comment above a decorator, signature on the class line', () => {
    const source = ['/** A component. */', '@Component({})', 'export class Widget {', '  @Input() name() {}', '}'].join('\n');
    const { symbols } = parseTs(source);
    assert.equal(symbols[0].doc, 'A component.');
    assert.equal(symbols[0].signature, 'export class Widget');
    assert.equal(symbols[0].startLine, 2);
    assert.deepEqual(brief(symbols), [
      ['class', 'Widget', null],
      ['method', 'name', 'Widget'],
    ]);
  });

  test('declare statements of .d.ts files', () => {
    const source = ['export declare function load(): void;', 'declare const VERSION: string;', 'export declare class Client {', '  send(): void;', '}'].join('\n');
    assert.deepEqual(brief(parser.parse('types/index.d.ts', source).symbols), [
      ['function', 'load', null],
      ['constant', 'VERSION', null],
      ['class', 'Client', null],
      ['method', 'send', 'Client'],
    ]);
  });

  test('tsx files parse with JSX', () => {
    const source = "import React from 'react';\nexport const App = () => <div className=\"x\">{1}</div>;\n";
    const result = parser.parse('ui/App.tsx', source);
    assert.equal(result.syntaxErrors, 0);
    assert.deepEqual(brief(result.symbols), [['function', 'App', null]]);
    assert.deepEqual(parser.parse('ui/App.jsx', source).syntaxErrors, 0);
  });
});

describe('javascript/typescript imports', () => {
  test('esm forms: default, side effect, namespace, named with a type specifier', () => {
    const source = ["import x from 's1';", "import 's2';", "import * as ns from 's3';", "import { a, type b } from 's4';", 'import def, { c } from "s5";'].join('\n');
    assert.deepEqual(parseTs(source).imports, [
      { specifier: 's1', syntax: 'esm', typeOnly: false, line: 1 },
      { specifier: 's2', syntax: 'esm', typeOnly: false, line: 2 },
      { specifier: 's3', syntax: 'esm', typeOnly: false, line: 3 },
      { specifier: 's4', syntax: 'esm', typeOnly: false, line: 4 },
      { specifier: 's5', syntax: 'esm', typeOnly: false, line: 5 },
    ]);
  });

  test('type-only imports: import type, every specifier type', () => {
    const source = [
      "import type { A } from './a';",
      "import type B from './b';",
      "import { type C, type D } from './c';",
      "import E, { type F } from './e';",
    ].join('\n');
    assert.deepEqual(
      parseTs(source).imports.map((entry) => [entry.specifier, entry.typeOnly]),
      [
        ['./a', true],
        ['./b', true],
        ['./c', true],
        ['./e', false],
      ],
    );
  });

  test('export-from forms, with type-only marking', () => {
    const source = ["export * from './all';", "export { a, b as c } from './named';", "export type { T } from './types';", "export { type U } from './u';", 'export { local };'].join('\n');
    assert.deepEqual(parseTs(source).imports, [
      { specifier: './all', syntax: 'export-from', typeOnly: false, line: 1 },
      { specifier: './named', syntax: 'export-from', typeOnly: false, line: 2 },
      { specifier: './types', syntax: 'export-from', typeOnly: true, line: 3 },
      { specifier: './u', syntax: 'export-from', typeOnly: true, line: 4 },
    ]);
  });

  test('require anywhere with a literal; dynamic import; non-literals ignored', () => {
    const source = [
      "const fs = require('fs');",
      'function load() {',
      '  if (ok) {',
      '    return require(`./plain-template`);',
      '  }',
      '  require(`./${name}`);',
      '  require(name);',
      "  return import('./lazy').then(() => import(dynamicName));",
      '}',
      '// require("in-comment")',
      'const text = "require(\'in-string\')";',
      "require.resolve('not-a-require');",
    ].join('\n');
    assert.deepEqual(parseJs(source).imports, [
      { specifier: 'fs', syntax: 'require', typeOnly: false, line: 1 },
      { specifier: './plain-template', syntax: 'require', typeOnly: false, line: 4 },
      { specifier: './lazy', syntax: 'dynamic', typeOnly: false, line: 8 },
    ]);
  });

  test('requires inside class methods and nested calls are found', () => {
    const source = ['class A {', '  m() { return wrap(require("inner")); }', '}', 'module.exports = { b: require("./b") };'].join('\n');
    assert.deepEqual(
      parseJs(source).imports.map((entry) => [entry.specifier, entry.line]),
      [
        ['inner', 2],
        ['./b', 4],
      ],
    );
  });

  test("TS import x = require('s')", () => {
    assert.deepEqual(parseTs("import fs = require('fs');").imports, [{ specifier: 'fs', syntax: 'require', typeOnly: false, line: 1 }]);
  });
});

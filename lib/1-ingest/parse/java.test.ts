import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createFileParser } from './parser';

const parser = await createFileParser();
const parse = (source: string) => parser.parse('src/main/java/com/example/App.java', source);

describe('java outline', () => {
  test('class with javadoc and annotations; methods, constructors, static final constants', () => {
    const source = [
      'package com.example;',
      '',
      '/**',
      ' * The application.',
      ' */',
      '@Deprecated',
      'public class App<T> extends Base implements Runnable {',
      '    public static final int MAX = 10;',
      '    private static final String A = "a", B = "b";',
      '    private static int counter;',
      '    private final int id;',
      '    // Builds one.',
      '    public App(int id) { this.id = id; }',
      '    @Override',
      '    public void run() {',
      '    }',
      '}',
    ].join('\n');
    const { symbols } = parse(source);
    assert.deepEqual(symbols[0], {
      kind: 'class',
      name: 'App',
      parent: null,
      signature: 'public class App<T> extends Base implements Runnable',
      startLine: 6,
      endLine: 17,
      doc: 'The application.',
    });
    assert.deepEqual(
      symbols.slice(1).map((entry) => [entry.kind, entry.name, entry.parent, entry.startLine, entry.endLine]),
      [
        ['constant', 'MAX', 'App', 8, 8],
        ['constant', 'A', 'App', 9, 9],
        ['constant', 'B', 'App', 9, 9],
        ['method', 'App', 'App', 13, 13],
        ['method', 'run', 'App', 14, 16],
      ],
    );
    assert.equal(symbols[4].doc, 'Builds one.');
    assert.equal(symbols[5].signature, 'public void run()');
  });

  test('interface, enum, record, annotation type and nested classes with the outer class as parent', () => {
    const source = [
      'class Outer {',
      '    static class Nested { void n() {} }',
      '    interface Callback { int LIMIT = 3; void call(); }',
      '    enum Color { RED; void paint() {} }',
      '    record Pair(int a, int b) { Pair { } }',
      '    @interface Marker { String value(); }',
      '}',
    ].join('\n');
    assert.deepEqual(
      parse(source).symbols.map((entry) => [entry.kind, entry.name, entry.parent]),
      [
        ['class', 'Outer', null],
        ['class', 'Nested', 'Outer'],
        ['method', 'n', 'Nested'],
        ['interface', 'Callback', 'Outer'],
        ['constant', 'LIMIT', 'Callback'],
        ['method', 'call', 'Callback'],
        ['enum', 'Color', 'Outer'],
        ['method', 'paint', 'Color'],
        ['class', 'Pair', 'Outer'],
        ['method', 'Pair', 'Pair'],
        ['interface', 'Marker', 'Outer'],
      ],
    );
  });
});

describe('java imports and package', () => {
  test('plain, wildcard, static and static wildcard imports', () => {
    const source = [
      'package com.example.app;',
      'import java.util.List;',
      'import java.util.*;',
      'import static org.junit.Assert.assertEquals;',
      'import static org.junit.Assert.*;',
      'class A {}',
    ].join('\n');
    const result = parse(source);
    assert.deepEqual(result.imports, [
      { specifier: 'java.util.List', syntax: 'java', typeOnly: false, line: 2 },
      { specifier: 'java.util', syntax: 'java', typeOnly: false, line: 3, wildcard: true },
      { specifier: 'org.junit.Assert.assertEquals', syntax: 'java', typeOnly: false, line: 4, isStatic: true },
      { specifier: 'org.junit.Assert', syntax: 'java', typeOnly: false, line: 5, isStatic: true, wildcard: true },
    ]);
    assert.equal(result.javaPackage, 'com.example.app');
  });

  test('no package declaration leaves javaPackage unset; other languages never set it', () => {
    assert.equal('javaPackage' in parse('class A {}'), false);
    assert.equal('javaPackage' in parser.parse('a.py', 'x = 1'), false);
  });
});

describe('java package scope (uses of the own package, which need no import)', () => {
  test('package, top-level types, and the simple type names the file uses', () => {
    const source = [
      'package com.acme;',
      'import com.other.Thing;',
      'import java.util.*;',
      '@Component',
      'public class Service<T extends Base> extends Parent implements Api {',
      '  private final Repo repo = new Repo();',
      '  static class Inner {}',
      '  Outer.Nested nested;',
      '  Inner inner;',
      '  T get(Thing thing) throws Failure { return Util.make(Consts.X, Factory::create, (Cast) repo); }',
      '}',
      'enum Mode { A }',
    ].join('\n');
    const scope = parse(source).packageScope!;
    assert.equal(scope.name, 'com.acme');
    assert.deepEqual(scope.declares, ['Service', 'Mode']);
    assert.deepEqual(
      scope.references.map((use) => use.name),
      ['Component', 'Base', 'Parent', 'Api', 'Repo', 'Outer', 'Failure', 'Util', 'Consts', 'Factory', 'Cast'],
    );
    assert.deepEqual(scope.references[4], { name: 'Repo', line: 6 });
  });

  test('the default package is the empty name', () => {
    assert.equal(parse('class A { B b; }').packageScope!.name, '');
    assert.deepEqual(parse('class A { B b; }').packageScope!.references, [{ name: 'B', line: 1 }]);
  });
});

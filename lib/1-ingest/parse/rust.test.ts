import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createFileParser } from './parser';

const parser = await createFileParser();
const parse = (source: string) => parser.parse('src/lib.rs', source);

describe('rust outline', () => {
  test('struct, enum, trait, type alias, const and static; /// docs above attributes', () => {
    const source = [
      '//! Crate docs are not item docs.',
      '/// A point in space.',
      '/// Second line.',
      '#[derive(Debug)]',
      'pub struct Point<T> {',
      '    x: T,',
      '}',
      'enum Color { Red }',
      'pub trait Shape {',
      '    /// Area of it.',
      '    fn area(&self) -> f64;',
      '    fn name(&self) -> String { String::new() }',
      '}',
      'type Map = HashMap<String, u32>;',
      'const MAX: u32 = 1;',
      'static NAME: &str = "x";',
    ].join('\n');
    const { symbols } = parse(source);
    assert.deepEqual(
      symbols.map((entry) => [entry.kind, entry.name, entry.parent]),
      [
        ['class', 'Point', null],
        ['enum', 'Color', null],
        ['interface', 'Shape', null],
        ['method', 'area', 'Shape'],
        ['method', 'name', 'Shape'],
        ['type', 'Map', null],
        ['constant', 'MAX', null],
        ['constant', 'NAME', null],
      ],
    );
    assert.deepEqual(symbols[0], {
      kind: 'class',
      name: 'Point',
      parent: null,
      signature: 'pub struct Point<T>',
      startLine: 5,
      endLine: 7,
      doc: 'A point in space.',
    });
    assert.equal(symbols[3].doc, 'Area of it.');
    assert.equal(symbols[3].signature, 'fn area(&self) -> f64;');
  });

  test('functions at top level and in inline mods; methods in impl and trait impls', () => {
    const source = [
      'fn top() {}',
      'pub mod inner {',
      '    pub fn helper() {}',
      '}',
      'impl<T> Point<T> {',
      '    pub fn new() -> Self { todo!() }',
      '}',
      'impl fmt::Display for Point<u8> {',
      '    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result { Ok(()) }',
      '}',
      "impl<'a> Trait for &'a other::Thing {",
      '    fn go(&self) {}',
      '}',
    ].join('\n');
    assert.deepEqual(
      parse(source).symbols.map((entry) => [entry.kind, entry.name, entry.parent, entry.startLine]),
      [
        ['function', 'top', null, 1],
        ['function', 'helper', null, 3],
        ['method', 'new', 'Point', 6],
        ['method', 'fmt', 'Point', 9],
        ['method', 'go', 'Thing', 12],
      ],
    );
  });
});

describe('rust imports', () => {
  test('mod declarations without a body, with #[path]', () => {
    const source = ['mod a;', 'pub mod b;', '#[path = "gen/c.rs"]', 'mod c;', 'mod d { }'].join('\n');
    assert.deepEqual(parse(source).imports, [
      { specifier: 'a', syntax: 'rust-mod', typeOnly: false, line: 1 },
      { specifier: 'b', syntax: 'rust-mod', typeOnly: false, line: 2 },
      { specifier: 'path:gen/c.rs', syntax: 'rust-mod', typeOnly: false, line: 4 },
    ]);
  });

  test('use paths, lists, self, aliases, globs, super/self/std and extern crate', () => {
    const source = [
      'use crate::a::b::C;',
      'use crate::a::{b, c::D, self};',
      'use std::collections::HashMap as Map;',
      'use crate::g::*;',
      'use super::sibling;',
      'use self::child::{x::{y, z as w}, q::*};',
      'extern crate serde;',
      'pub use other_crate::Thing;',
    ].join('\n');
    assert.deepEqual(
      parse(source).imports.map((entry) => [entry.specifier, entry.syntax, entry.line, entry.wildcard ?? false]),
      [
        ['crate::a::b::C', 'rust-use', 1, false],
        ['crate::a::b', 'rust-use', 2, false],
        ['crate::a::c::D', 'rust-use', 2, false],
        ['crate::a', 'rust-use', 2, false],
        ['std::collections::HashMap', 'rust-use', 3, false],
        ['crate::g', 'rust-use', 4, true],
        ['super::sibling', 'rust-use', 5, false],
        ['self::child::x::y', 'rust-use', 6, false],
        ['self::child::x::z', 'rust-use', 6, false],
        ['self::child::q', 'rust-use', 6, true],
        ['serde', 'rust-use', 7, false],
        ['other_crate::Thing', 'rust-use', 8, false],
      ],
    );
  });

  test('use inside inline mods and function bodies', () => {
    const source = ['mod tests {', '    use super::*;', '    fn t() {', '        use std::fmt::Write;', '    }', '}'].join('\n');
    assert.deepEqual(
      parse(source).imports.map((entry) => [entry.specifier, entry.line, entry.wildcard ?? false]),
      [
        ['super', 2, true],
        ['std::fmt::Write', 4, false],
      ],
    );
  });
});

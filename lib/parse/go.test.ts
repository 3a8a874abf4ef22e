import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createFileParser } from './parser';

const parser = await createFileParser();
const parse = (source: string) => parser.parse('cmd/main.go', source);

describe('go outline', () => {
  test('functions and methods (receiver type without *, generic receivers)', () => {
    const source = [
      'package main',
      '',
      '// Run starts the server.',
      '// It blocks.',
      'func (s *Server) Run(addr string) error {',
      '\treturn nil',
      '}',
      'func (l List[T]) Len() int { return 0 }',
      'func main() {}',
    ].join('\n');
    const { symbols } = parse(source);
    assert.deepEqual(symbols[0], {
      kind: 'method',
      name: 'Run',
      parent: 'Server',
      signature: 'func (s *Server) Run(addr string) error',
      startLine: 5,
      endLine: 7,
      doc: 'Run starts the server.',
    });
    assert.deepEqual(
      symbols.slice(1).map((entry) => [entry.kind, entry.name, entry.parent, entry.signature]),
      [
        ['method', 'Len', 'List', 'func (l List[T]) Len() int'],
        ['function', 'main', null, 'func main()'],
      ],
    );
  });

  test('struct → class, interface → interface, other types → type, grouped types', () => {
    const source = [
      'package shapes',
      '// Point is a point.',
      'type Point struct {',
      '\tX int',
      '}',
      'type Shape interface {',
      '\tArea() float64',
      '}',
      'type ID int',
      'type (',
      '\tName = string',
      '\t// Pair holds two.',
      '\tPair[T any] struct{ a, b T }',
      ')',
    ].join('\n');
    const { symbols } = parse(source);
    assert.deepEqual(
      symbols.map((entry) => [entry.kind, entry.name, entry.startLine, entry.endLine, entry.signature, entry.doc]),
      [
        ['class', 'Point', 3, 5, 'type Point struct', 'Point is a point.'],
        ['interface', 'Shape', 6, 8, 'type Shape interface', null],
        ['type', 'ID', 9, 9, 'type ID int', null],
        ['type', 'Name', 11, 11, 'Name = string', null],
        ['class', 'Pair', 13, 13, 'Pair[T any] struct', 'Pair holds two.'],
      ],
    );
  });

  test('top-level const specs are constants; vars are not', () => {
    const source = ['package p', '// Max is the limit.', 'const Max = 10', 'const (', '\tA = iota', '\tB, C', ')', 'var v = 1'].join('\n');
    assert.deepEqual(
      parse(source).symbols.map((entry) => [entry.kind, entry.name, entry.startLine, entry.doc]),
      [
        ['constant', 'Max', 3, 'Max is the limit.'],
        ['constant', 'A', 5, null],
        ['constant', 'B', 6, null],
        ['constant', 'C', 6, null],
      ],
    );
  });
});

describe('go imports', () => {
  test('single and grouped imports, with names, blank, dot and raw strings', () => {
    const source = ['package main', 'import "fmt"', 'import (', '\t"os"', '\tlog "github.com/x/log"', '\t_ "embed"', '\t. "math"', '\t`net/http`', ')'].join('\n');
    assert.deepEqual(parse(source).imports, [
      { specifier: 'fmt', syntax: 'go', typeOnly: false, line: 2 },
      { specifier: 'os', syntax: 'go', typeOnly: false, line: 4 },
      { specifier: 'github.com/x/log', syntax: 'go', typeOnly: false, line: 5 },
      { specifier: 'embed', syntax: 'go', typeOnly: false, line: 6 },
      { specifier: 'math', syntax: 'go', typeOnly: false, line: 7 },
      { specifier: 'net/http', syntax: 'go', typeOnly: false, line: 8 },
    ]);
  });
});

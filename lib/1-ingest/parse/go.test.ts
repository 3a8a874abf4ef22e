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

describe('go package scope (uses of the own package, which need no import)', () => {
  const names = (source: string) => parse(source).packageScope?.references.map((use) => use.name);

  test('package name, top-level declares (funcs, types, vars, consts; not methods, init or _)', () => {
    const source = [
      'package server',
      'var defaultAddr = ":80"',
      'var (',
      '\ta, b = 1, 2',
      '\t_ = 3',
      ')',
      'const Max = 3',
      'type (',
      '\tServer struct{}',
      '\tID = int',
      ')',
      'func New() *Server { return nil }',
      'func (s *Server) Run() {}',
      'func init() {}',
    ].join('\n');
    const scope = parse(source).packageScope!;
    assert.equal(scope.name, 'server');
    assert.deepEqual(scope.declares, ['defaultAddr', 'a', 'b', 'Max', 'Server', 'ID', 'New']);
  });

  test('references: call targets, type names, composite literal types, bare identifiers, with first-use lines', () => {
    const source = [
      'package server',
      'type Server struct {',
      '\trouter *Router',
      '}',
      'func New(cfg Config) *Server {',
      '\ts := &Server{router: newRouter()}',
      '\tm := map[Kind]string{KindA: "a"}',
      '\t_ = Options{Verbose: true}',
      '\treturn use(s, m, defaultTimeout, newRouter)',
      '}',
    ].join('\n');
    assert.deepEqual(parse(source).packageScope!.references, [
      { name: 'Router', line: 3 },
      { name: 'Config', line: 5 },
      { name: 'newRouter', line: 6 },
      { name: 'Kind', line: 7 },
      { name: 'KindA', line: 7 },
      { name: 'Options', line: 8 },
      { name: 'use', line: 9 },
      { name: 'defaultTimeout', line: 9 },
    ]);
  });

  test('leaves out own declarations at any level, fields, selectors, qualified types, imports and predeclared names', () => {
    const source = [
      'package p',
      'import (',
      '\t"net/http"',
      '\tyaml "gopkg.in/yaml.v3"',
      '\t"example.com/x/v2"',
      ')',
      'type T[E any] struct{ Field http.Handler }',
      'func (t *T[E]) M(arg int, rest ...string) (out error) {',
      '\tlocal := len(rest)',
      '\tfor i, v := range rest { _, _ = i, v }',
      '\tswitch z := any(arg).(type) { default: _ = z }',
      '\tvar declared = yaml.Marshal',
      '\tt.Field.ServeHTTP(nil, nil)',
      '\t_ = x.New',
      '\treturn fmt(local, declared, T[E]{Field: nil})',
      '}',
    ].join('\n');
    assert.deepEqual(names(source), ['fmt']);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createFileParser } from './parser';

const parser = await createFileParser();

/** One path per grammar, with a comment in that language's syntax. */
const SAMPLES = [
  { path: 'a.py', comment: '# just a comment\n# and another\n' },
  { path: 'a.js', comment: '// just a comment\n/* and another */\n' },
  { path: 'a.ts', comment: '// just a comment\n/** and another */\n' },
  { path: 'a.tsx', comment: '// just a comment\n' },
  { path: 'a.go', comment: '// just a comment\n' },
  { path: 'a.rs', comment: '// just a comment\n//! inner doc\n' },
  { path: 'A.java', comment: '// just a comment\n/** javadoc */\n' },
];

describe('FileParser', () => {
  test('empty files and comment-only files give empty results without errors', () => {
    for (const { path, comment } of SAMPLES) {
      assert.deepEqual(parser.parse(path, ''), { symbols: [], imports: [], syntaxErrors: 0 }, path);
      assert.deepEqual(parser.parse(path, comment), { symbols: [], imports: [], syntaxErrors: 0 }, path);
    }
  });

  test('unsupported paths give an empty result; rawParse ignores them', () => {
    assert.deepEqual(parser.parse('README.md', '# Title'), { symbols: [], imports: [], syntaxErrors: 0 });
    parser.rawParse('README.md', '# Title');
  });

  test('rawParse parses every grammar without returning anything', () => {
    for (const { path, comment } of SAMPLES) assert.equal(parser.rawParse(path, comment), undefined);
  });

  test('CRLF line endings: same lines, signatures and docs as LF', () => {
    const sources: Record<string, string> = {
      'a.py': '# Doc.\ndef f():\n    pass\n',
      'a.ts': "import x from './x';\n/** Doc. */\nexport function f() {\n}\n",
      'a.go': 'package p\nimport "fmt"\n// Doc.\nfunc F() {\n}\n',
      'a.rs': 'use crate::x;\n/// Doc.\nfn f() {\n}\n',
      'A.java': 'import a.B;\n/** Doc. */\nclass A {\n}\n',
    };
    for (const [path, source] of Object.entries(sources)) {
      const lf = parser.parse(path, source);
      const crlf = parser.parse(path, source.replace(/\n/g, '\r\n'));
      assert.deepEqual(crlf, lf, path);
      assert.equal(crlf.symbols[0].doc, 'Doc.', path);
      assert.ok(!crlf.symbols[0].signature.includes('\r'), path);
    }
  });

  test('a file with syntax errors still yields an outline and imports, and counts the errors', () => {
    const python = parser.parse('broken.py', 'import os\ndef ok():\n    pass\ndef broken(:\n    pass\nclass Fine:\n    pass\n');
    assert.ok(python.syntaxErrors > 0);
    assert.deepEqual(python.imports.map((entry) => entry.specifier), ['os']);
    assert.ok(python.symbols.some((entry) => entry.name === 'ok'));
    assert.ok(python.symbols.some((entry) => entry.name === 'Fine'));

    const typescript = parser.parse('broken.ts', "import a from './a';\nexport function good() {}\nconst x = (;\nexport class Later {}\n");
    assert.ok(typescript.syntaxErrors > 0);
    assert.deepEqual(typescript.imports.map((entry) => entry.specifier), ['./a']);
    assert.ok(typescript.symbols.some((entry) => entry.name === 'good'));
    assert.ok(typescript.symbols.some((entry) => entry.name === 'Later'));

    const java = parser.parse('Broken.java', 'import a.B;\nclass Broken {\n  void ok() {}\n  void bad( {\n}\n');
    assert.ok(java.syntaxErrors > 0);
    assert.deepEqual(java.imports.map((entry) => entry.specifier), ['a.B']);
    assert.ok(java.symbols.some((entry) => entry.name === 'Broken'));
  });

  test('a missing closing token counts as a syntax error', () => {
    assert.ok(parser.parse('m.go', 'package p\nfunc f() {\n').syntaxErrors > 0);
    assert.ok(parser.parse('m.rs', 'fn f() {\n').syntaxErrors > 0);
  });

  test('weird input never throws', () => {
    const inputs = ['\u0000\u0001\uffff\ud800', '((((((((', '}'.repeat(10_000), '"'.repeat(3), '\n'.repeat(5000), 'x'.repeat(200_000)];
    for (const { path } of SAMPLES) {
      for (const input of inputs) {
        const result = parser.parse(path, input);
        assert.ok(Array.isArray(result.symbols) && Array.isArray(result.imports), path);
        assert.equal(typeof result.syntaxErrors, 'number');
      }
    }
  });

  test('a byte order mark does not disturb the first line', () => {
    const result = parser.parse('bom.ts', "\ufeffimport x from './x';\nexport const A = 1;\n");
    assert.equal(result.syntaxErrors, 0);
    assert.deepEqual(result.imports.map((entry) => [entry.specifier, entry.line]), [['./x', 1]]);
    assert.equal(result.symbols[0].name, 'A');
  });

  test('signatures on huge minified lines are clipped', () => {
    const source = `function f(){return ${'1+'.repeat(50_000)}1}`;
    const [symbol] = parser.parse('min.js', source).symbols;
    assert.equal(symbol.name, 'f');
    assert.ok(symbol.signature.length <= 241, `signature length ${symbol.signature.length}`);
  });

  test('a parse that times out gives an empty result with one syntax error; the parser keeps working', async () => {
    const impatient = await createFileParser({ timeoutMs: 1 });
    const huge = 'export function f() { return [1, 2, 3].map((x) => x * 2); }\n'.repeat(60_000);
    assert.deepEqual(impatient.parse('huge.ts', huge), { symbols: [], imports: [], syntaxErrors: 1 });
    const after = impatient.parse('small.ts', 'export const A = 1;');
    assert.deepEqual(after.symbols.map((entry) => entry.name), ['A']);
    assert.equal(after.syntaxErrors, 0);
  });

  test('one parser handles interleaved languages', () => {
    const python = parser.parse('x.py', 'import a\n');
    const go = parser.parse('x.go', 'package p\nimport "b"\n');
    const again = parser.parse('y.py', 'import c\n');
    assert.deepEqual([python.imports[0].specifier, go.imports[0].specifier, again.imports[0].specifier], ['a', 'b', 'c']);
  });
});

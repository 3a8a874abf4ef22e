import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { distinguishingLabels, labelChunks } from './labels';

function shown(paths: string[]): Record<string, string> {
  const labels = distinguishingLabels(paths);
  return Object.fromEntries(paths.map((p) => [p, labels.get(p)!.folder + labels.get(p)!.name]));
}

describe('distinguishingLabels', () => {
  test('a unique name stands alone, without its folder', () => {
    const labels = distinguishingLabels(['src/deep/nested/util.ts', 'README.md']);
    assert.deepEqual(labels.get('src/deep/nested/util.ts'), { folder: '', name: 'util.ts' });
    assert.deepEqual(labels.get('README.md'), { folder: '', name: 'README.md' });
  });

  test("repeated names get the shortest folder suffix that is theirs alone (zod's index.ts files)", () => {
    assert.deepEqual(shown(['src/index.ts', 'src/v4/index.ts', 'src/v4/core/index.ts', 'src/v4/classic/index.ts', 'src/v4/mini/index.ts', 'src/mini/index.ts', 'src/v4/core/util.ts']), {
      'src/index.ts': 'src/index.ts',
      'src/v4/index.ts': 'v4/index.ts',
      'src/v4/core/index.ts': 'core/index.ts',
      'src/v4/classic/index.ts': 'classic/index.ts',
      // `mini/` alone is shared by two: one more folder tells them apart.
      'src/v4/mini/index.ts': 'v4/mini/index.ts',
      'src/mini/index.ts': 'src/mini/index.ts',
      'src/v4/core/util.ts': 'util.ts',
    });
  });

  test('the folder part ends with a slash and the name is kept apart', () => {
    const labels = distinguishingLabels(['xml/dom/__init__.py', 'xml/sax/__init__.py', 'xml/__init__.py']);
    assert.deepEqual(labels.get('xml/dom/__init__.py'), { folder: 'dom/', name: '__init__.py' });
    assert.deepEqual(labels.get('xml/__init__.py'), { folder: 'xml/', name: '__init__.py' });
  });

  test('a root file beside deeper ones of its name is its own path; a path that is a suffix of another stays whole', () => {
    assert.deepEqual(shown(['index.ts', 'a/index.ts', 'b/a/index.ts']), { 'index.ts': 'index.ts', 'a/index.ts': 'a/index.ts', 'b/a/index.ts': 'b/a/index.ts' });
  });

  test('every path gets a label, and labels are unique', () => {
    const paths = ['a/x/m.py', 'b/x/m.py', 'a/y/m.py', 'x/m.py', 'm.py', 'c/a/x/m.py'];
    const labels = shown(paths);
    assert.equal(new Set(Object.values(labels)).size, paths.length);
    for (const p of paths) assert.ok(p.endsWith(labels[p]), `${labels[p]} is a suffix of ${p}`);
  });
});

describe('labelChunks', () => {
  test('breaks between words, keeping an extension and a leading underscore together', () => {
    assert.deepEqual(labelChunks('_header_value_parser.py'), ['_header_', 'value_', 'parser', '.py']);
    assert.deepEqual(labelChunks('json-schema-processors.ts'), ['json-', 'schema-', 'processors', '.ts']);
    assert.deepEqual(labelChunks('__init__.py'), ['__init__', '.py']);
    assert.deepEqual(labelChunks('ElementTree.py'), ['Element', 'Tree', '.py']);
    assert.deepEqual(labelChunks('v4/mini/'), ['v4/', 'mini/']);
    assert.deepEqual(labelChunks('.gitignore'), ['.gitignore']);
    assert.deepEqual(labelChunks('util.ts'), ['util', '.ts']);
  });
  test('the chunks put together are the text', () => {
    for (const t of ['a_b-c/d.e.f', 'HTTPServer.java', '__main__.py', 'x']) assert.equal(labelChunks(t).join(''), t);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LANGUAGE_COLOURS, OTHER_COLOUR, makePalette, topFolderOf } from './palette';
import { file } from './testFixtures';
import type { ViewNode } from './types';

const files = [file('src/a.ts'), file('src/b.py', { language: 'python' }), file('lib/c.ts'), file('README.md', { language: null })];
const node = (path: string): ViewNode => ({ kind: 'file', id: path, file: files.find((f) => f.path === path)! });

describe('palette', () => {
  test('topFolderOf', () => {
    assert.equal(topFolderOf('src/x/y.ts'), 'src');
    assert.equal(topFolderOf('y.ts'), '(root)');
  });
  test('by language: fixed colours, grey for non-source, legend by count', () => {
    const p = makePalette(files, 'language');
    assert.equal(p.colourOf(node('src/a.ts')), LANGUAGE_COLOURS.typescript);
    assert.equal(p.colourOf(node('src/b.py')), LANGUAGE_COLOURS.python);
    assert.equal(p.colourOf(node('README.md')), OTHER_COLOUR);
    assert.deepEqual(
      p.legend.map((l) => [l.label, l.count]),
      [
        ['typescript', 2],
        ['other', 1],
        ['python', 1],
      ],
    );
  });
  test('by top folder: one colour per folder, the same for folder nodes under it', () => {
    const p = makePalette(files, 'folder');
    assert.equal(p.colourOf(node('src/a.ts')), p.colourOf(node('src/b.py')));
    assert.notEqual(p.colourOf(node('src/a.ts')), p.colourOf(node('lib/c.ts')));
    assert.equal(p.colourOf(node('README.md')), OTHER_COLOUR);
    const folder: ViewNode = { kind: 'folder', id: 'folder:src/deep', folder: 'src/deep', fileCount: 2, lines: 1, inCycle: false, language: null, paths: [] };
    assert.equal(p.colourOf(folder), p.colourOf(node('src/a.ts')));
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ancestorFolders, chooseCollapseDepth, closableFolderOf, collapseGraph, folderFileCounts, folderNodeId, openedFolders, withoutFolder } from './collapse';
import { edge, file } from './testFixtures';

describe('ancestorFolders', () => {
  test('lists the folders above a path, shallowest first', () => {
    assert.deepEqual(ancestorFolders('a/b/c.ts'), ['a', 'a/b']);
    assert.deepEqual(ancestorFolders('c.ts'), []);
  });
});

describe('chooseCollapseDepth', () => {
  // 2 top folders × 3 sub-folders × 5 files = 30 files, plus a root file.
  const files = [file('index.ts')];
  for (const top of ['app', 'lib']) for (const sub of ['x', 'y', 'z']) for (let i = 0; i < 5; i++) files.push(file(`${top}/${sub}/f${i}.ts`));

  test('does not collapse when every file fits', () => {
    assert.equal(chooseCollapseDepth(files, 31), null);
  });
  test('picks the deepest depth that fits the threshold', () => {
    assert.equal(chooseCollapseDepth(files, 30), 2); // 6 sub-folders + index.ts = 7 nodes
    assert.equal(chooseCollapseDepth(files, 7), 2);
    assert.equal(chooseCollapseDepth(files, 6), 1); // app, lib, index.ts
  });
  test('falls back to top folders when nothing fits', () => {
    assert.equal(chooseCollapseDepth(files, 2), 1);
  });
  test('a flat repository cannot collapse', () => {
    assert.equal(chooseCollapseDepth([file('a.ts'), file('b.ts'), file('c.ts')], 2), null);
  });
});

describe('collapseGraph', () => {
  const files = [
    file('src/a/one.ts', { orderIndex: 0, lines: 5, language: 'python', inCycle: true, component: 0 }),
    file('src/a/two.ts', { orderIndex: 1, lines: 7, inCycle: true, component: 0 }),
    file('src/a/three.ts', { orderIndex: 2, lines: 1 }),
    file('src/b/one.ts', { orderIndex: 3, lines: 2 }),
    file('src/b/two.ts', { orderIndex: 4 }),
    file('src/c/only.ts', { orderIndex: 5 }),
    file('main.ts', { orderIndex: 6 }),
  ];
  const edges = [
    edge('src/a/one.ts', 'src/a/two.ts'),
    edge('src/a/two.ts', 'src/a/one.ts'),
    edge('src/b/one.ts', 'src/a/one.ts', 'type_only'),
    edge('src/b/two.ts', 'src/a/three.ts', 'type_only'),
    edge('src/b/two.ts', 'src/a/two.ts'),
    edge('main.ts', 'src/b/one.ts', 'type_only'),
    edge('main.ts', 'src/c/only.ts'),
  ];

  test('without a depth, draws every file and every edge, cycle edges marked', () => {
    const g = collapseGraph(files, edges, { depth: null });
    assert.deepEqual(
      g.nodes.map((n) => n.id),
      files.map((f) => f.path),
    );
    assert.equal(g.edges.length, edges.length);
    assert.deepEqual(
      g.edges.filter((e) => e.inCycle).map((e) => e.id),
      ['src/a/one.ts->src/a/two.ts', 'src/a/two.ts->src/a/one.ts'],
    );
  });

  test('collapses folders into counted nodes and aggregates edges between them', () => {
    const g = collapseGraph(files, edges, { depth: 2 });
    assert.deepEqual(
      g.nodes.map((n) => n.id),
      [folderNodeId('src/a'), folderNodeId('src/b'), 'src/c/only.ts', 'main.ts'],
    );
    const a = g.nodes[0];
    assert.ok(a.kind === 'folder');
    assert.equal(a.fileCount, 3);
    assert.equal(a.lines, 13);
    assert.equal(a.inCycle, true);
    assert.equal(a.language, 'typescript'); // 2 of 3
    assert.deepEqual(a.paths, ['src/a/one.ts', 'src/a/three.ts', 'src/a/two.ts']);
    assert.equal(g.nodeOf.get('src/b/two.ts'), folderNodeId('src/b'));
    assert.equal(g.nodeOf.get('src/c/only.ts'), 'src/c/only.ts'); // a one-file folder stays a file
    // Inside src/a: gone. src/b → src/a: three edges, one value import among them.
    assert.deepEqual(
      g.edges.map((e) => [e.id, e.kind, e.count, e.inCycle]),
      [
        [`${folderNodeId('src/b')}->${folderNodeId('src/a')}`, 'import', 3, false],
        [`main.ts->${folderNodeId('src/b')}`, 'type_only', 1, false],
        ['main.ts->src/c/only.ts', 'import', 1, false],
      ],
    );
  });

  test('an expanded folder shows its files, its sub-folders stay collapsed', () => {
    const g = collapseGraph(files, edges, { depth: 1, expanded: new Set(['src']) });
    assert.deepEqual(
      g.nodes.map((n) => n.id),
      [folderNodeId('src/a'), folderNodeId('src/b'), 'src/c/only.ts', 'main.ts'],
    );
    const top = collapseGraph(files, edges, { depth: 1 });
    assert.deepEqual(
      top.nodes.map((n) => n.id),
      [folderNodeId('src'), 'main.ts'],
    );
    assert.deepEqual(
      top.edges.map((e) => [e.id, e.kind, e.count]),
      [[`main.ts->${folderNodeId('src')}`, 'import', 2]],
    );
    const all = collapseGraph(files, edges, { depth: 1, expanded: new Set(['src', 'src/a', 'src/b']) });
    assert.equal(all.nodes.length, files.length);
  });
});

describe('edge kinds when aggregating', () => {
  test('an aggregated edge takes its strongest kind: import, then type-only, then same-package', () => {
    const fs = ['app/main.go', 'lib/a.go', 'lib/b.go', 'lib/c.go', 'pkg/x.go', 'pkg/y.go'].map((p) => file(p, { language: 'go' }));
    const es = [
      edge('app/main.go', 'lib/a.go', 'same_package'),
      edge('app/main.go', 'lib/b.go', 'same_package'),
      edge('pkg/x.go', 'lib/a.go', 'same_package'),
      edge('pkg/x.go', 'lib/b.go', 'type_only'),
      edge('pkg/y.go', 'lib/c.go', 'same_package'),
      edge('pkg/y.go', 'lib/a.go', 'import'),
      edge('lib/b.go', 'lib/a.go', 'same_package'),
    ];
    assert.deepEqual(
      collapseGraph(fs, es, { depth: null }).edges.map((e) => [e.id, e.kind]),
      [
        ['app/main.go->lib/a.go', 'same_package'],
        ['app/main.go->lib/b.go', 'same_package'],
        ['pkg/x.go->lib/a.go', 'same_package'],
        ['pkg/x.go->lib/b.go', 'type_only'],
        ['pkg/y.go->lib/c.go', 'same_package'],
        ['pkg/y.go->lib/a.go', 'import'],
        ['lib/b.go->lib/a.go', 'same_package'],
      ],
    );
    const folders = collapseGraph(fs, es, { depth: 1 });
    assert.deepEqual(
      folders.edges.map((e) => [e.id, e.kind, e.count]),
      [
        [`app/main.go->${folderNodeId('lib')}`, 'same_package', 2],
        [`${folderNodeId('pkg')}->${folderNodeId('lib')}`, 'import', 4],
      ],
    );
  });
});

describe('closing one folder again', () => {
  const files = [file('index.ts'), file('lone/only.ts')];
  for (const sub of ['x', 'y']) for (let i = 0; i < 3; i++) files.push(file(`app/${sub}/f${i}.ts`));
  const counts = folderFileCounts(files);

  test('the innermost opened folder that would collapse again', () => {
    const expanded = new Set(['app', 'app/x']);
    assert.equal(closableFolderOf('app/x/f0.ts', 1, expanded, counts), 'app/x');
    assert.equal(closableFolderOf('app/x/f0.ts', 2, expanded, counts), 'app/x');
    assert.equal(closableFolderOf('app/y/f0.ts', 1, new Set(['app']), counts), 'app');
    assert.equal(closableFolderOf('index.ts', 1, expanded, counts), null, 'a root file is in no folder');
    assert.equal(closableFolderOf('lone/only.ts', 1, new Set(['lone']), counts), null, 'a one-file folder never collapses');
    assert.equal(closableFolderOf('app/x/f0.ts', null, expanded, counts), null, 'nothing collapses in a small graph');
  });

  test('closing a folder closes the folders opened inside it, and the file is drawn in its folder again', () => {
    const expanded = new Set(['app', 'app/x', 'application']);
    const after = withoutFolder(expanded, 'app');
    assert.deepEqual([...after], ['application']);
    const view = collapseGraph(files, [], { depth: 1, expanded: after });
    assert.equal(view.nodeOf.get('app/x/f0.ts'), folderNodeId('app'));
  });

  test('"Collapse all" sees only folders drawn open that would close into a node', () => {
    assert.deepEqual(openedFolders(new Set(['app', 'app/x']), 1, counts), ['app', 'app/x']);
    // Opened inside a folder that is closed again: drawn closed, nothing to collapse.
    assert.deepEqual(openedFolders(new Set(['app/x']), 1, counts), []);
    assert.deepEqual(openedFolders(new Set(['app/x']), 2, counts), ['app/x'], 'app is above the collapse depth: never a node');
    assert.deepEqual(openedFolders(new Set(['lone']), 1, counts), [], 'a one-file folder never collapses');
    assert.deepEqual(openedFolders(new Set(['app', 'app/x']), null, counts), [], 'a small graph collapses nothing');
    assert.deepEqual(openedFolders(new Set(['gone']), 1, counts), [], 'a folder the drawn files do not have');
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { collapseGraph } from './collapse';
import { describeEdgeTally, tallyEdges } from './edgeTally';
import { layoutEdges } from './elkInput';
import { focusSubgraph } from './focus';
import { edge, file } from './testFixtures';

// Two folders of three files: a chain inside each, and two edges from ui/ into core/.
const files = ['core/a.ts', 'core/b.ts', 'core/c.ts', 'ui/a.ts', 'ui/b.ts', 'ui/c.ts', 'main.ts'].map((p) => file(p));
const edges = [
  edge('core/b.ts', 'core/a.ts'),
  edge('core/c.ts', 'core/b.ts'),
  edge('ui/b.ts', 'ui/a.ts'),
  edge('ui/c.ts', 'ui/b.ts'),
  edge('ui/a.ts', 'core/a.ts'),
  edge('ui/c.ts', 'core/c.ts'),
  edge('main.ts', 'ui/c.ts'),
];
const all = (ids: { id: string }[]) => new Set(ids.map((e) => e.id));

describe('tallyEdges', () => {
  test('every edge drawn: nothing hidden, one line per edge', () => {
    const view = collapseGraph(files, edges, { depth: null });
    const t = tallyEdges(edges.length, null, view, all(view.edges));
    assert.deepEqual(t, { total: 7, shown: 7, lines: 7, outsideFocus: 0, insideFolders: 0, thinnedOut: 0 });
    assert.deepEqual(describeEdgeTally(t), { summary: '7 edges', hidden: [] });
  });

  test('collapsed folders hide the edges between their own files and merge the others into lines', () => {
    const view = collapseGraph(files, edges, { depth: 1 });
    const t = tallyEdges(edges.length, null, view, all(view.edges));
    // ui → core stands for 2 edges, main → ui for 1; 4 chain edges sit inside the two folders.
    assert.deepEqual(t, { total: 7, shown: 3, lines: 2, outsideFocus: 0, insideFolders: 4, thinnedOut: 0 });
    const text = describeEdgeTally(t);
    assert.equal(text.summary, '3 of 7 edges shown as 2 lines');
    assert.deepEqual(
      text.hidden.map((h) => h.text),
      ['4 inside collapsed folders'],
    );
    assert.match(text.hidden[0].why, /open the folder/);
  });

  test('focus mode counts what it leaves out', () => {
    const focus = focusSubgraph(files, edges, 'ui/a.ts', false)!;
    const view = collapseGraph(focus.files, focus.edges, { depth: null });
    const t = tallyEdges(edges.length, focus.edges.length, view, all(view.edges));
    assert.deepEqual(t, { total: 7, shown: 2, lines: 2, outsideFocus: 5, insideFolders: 0, thinnedOut: 0 });
    assert.deepEqual(
      describeEdgeTally(t).hidden.map((h) => h.text),
      ['5 outside the focus'],
    );
    assert.match(describeEdgeTally(t).hidden[0].why, /Show all \(Esc\)/);
  });

  test('a dense graph drawn as its backbone says how many edges were thinned out and how to see them', () => {
    // 8 files each importing every later one: 28 edges, more than 3 per node.
    const dense = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((p) => file(`${p}.ts`));
    const denseEdges = dense.flatMap((f, i) => dense.slice(i + 1).map((g) => edge(f.path, g.path)));
    const view = collapseGraph(dense, denseEdges, { depth: null });
    const backbone = all(layoutEdges(view));
    const t = tallyEdges(denseEdges.length, null, view, backbone);
    assert.equal(t.total, 28);
    assert.equal(t.shown, backbone.size);
    assert.equal(t.thinnedOut, 28 - backbone.size);
    assert.ok(t.thinnedOut > 0);
    const text = describeEdgeTally(t);
    assert.equal(text.summary, `${backbone.size} of 28 edges shown`);
    assert.deepEqual(
      text.hidden.map((h) => h.text),
      [`${28 - backbone.size} thinned out (dense graph)`],
    );
    assert.match(text.hidden[0].why, /3 heaviest .*All edges/);
  });

  test('reasons come biggest first, and the counts add up', () => {
    const t = { total: 1200, shown: 100, lines: 40, outsideFocus: 100, insideFolders: 900, thinnedOut: 100 };
    assert.equal(t.shown + t.outsideFocus + t.insideFolders + t.thinnedOut, t.total);
    const text = describeEdgeTally(t);
    assert.equal(text.summary, '100 of 1,200 edges shown as 40 lines');
    assert.deepEqual(
      text.hidden.map((h) => h.text),
      ['900 inside collapsed folders', '100 outside the focus', '100 thinned out (dense graph)'],
    );
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { focusSubgraph } from './focus';
import { edge, file } from './testFixtures';

// app → svc → db → util ; cli → svc ; other is unrelated ; db ↔ cache
const files = ['app', 'svc', 'db', 'util', 'cli', 'other', 'cache'].map((p) => file(p));
const edges = [edge('app', 'svc'), edge('svc', 'db'), edge('db', 'util'), edge('cli', 'svc'), edge('db', 'cache'), edge('cache', 'db'), edge('other', 'other')];

describe('focusSubgraph', () => {
  test('direct: the file, what it imports and what imports it', () => {
    const f = focusSubgraph(files, edges, 'svc', false);
    assert.ok(f);
    assert.deepEqual([...f.dependencies], ['db']);
    assert.deepEqual([...f.dependents].sort(), ['app', 'cli']);
    assert.deepEqual(
      f.files.map((x) => x.path),
      ['app', 'svc', 'db', 'cli'],
    );
    assert.deepEqual(
      f.edges.map((e) => `${e.fromPath}>${e.toPath}`),
      ['app>svc', 'svc>db', 'cli>svc'],
    );
  });

  test('transitive: follows the edges all the way, through cycles, without the file itself', () => {
    const f = focusSubgraph(files, edges, 'svc', true)!;
    assert.deepEqual([...f.dependencies].sort(), ['cache', 'db', 'util']);
    const d = focusSubgraph(files, edges, 'db', true)!;
    assert.deepEqual([...d.dependencies].sort(), ['cache', 'util']);
    assert.deepEqual([...d.dependents].sort(), ['app', 'cache', 'cli', 'svc']);
  });

  test('an unknown file has no focus; an isolated one is alone', () => {
    assert.equal(focusSubgraph(files, edges, 'nope', true), null);
    const o = focusSubgraph(files, edges, 'other', true)!;
    assert.deepEqual(
      o.files.map((x) => x.path),
      ['other'],
    );
    assert.equal(o.dependencies.size + o.dependents.size, 0);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { samePackageEdges, type PackageFile } from './samePackage';
import type { Edge } from './types';

const go = (path: string, name: string, declares: string[], uses: string[]): PackageFile => ({
  path,
  language: 'go',
  scope: { name, declares, references: uses.map((use, i) => ({ name: use, line: i + 1 })) },
});

describe('samePackageEdges', () => {
  test('one edge per pair; the specifier lists the used names in order of first use (four, then ...); the line is the first use', () => {
    const files = [go('p/a.go', 'p', ['A', 'B', 'C', 'D', 'E'], []), go('p/b.go', 'p', [], ['x', 'E', 'A', 'B', 'C', 'D'])];
    assert.deepEqual(samePackageEdges(files, []), [{ from: 'p/b.go', to: 'p/a.go', kind: 'same-package', specifier: 'E, A, B, C, ...', line: 2 }]);
  });

  test('a pair that already has an edge gets none; other languages and self-uses are ignored', () => {
    const existing: Edge[] = [{ from: 'b.go', to: 'a.go', kind: 'import', specifier: 'x', line: 1 }];
    const files = [go('a.go', 'p', ['A'], ['A']), go('b.go', 'p', ['B'], ['A']), go('c.go', 'p', [], ['A', 'B'])];
    const rust: PackageFile = { path: 'd.rs', language: 'rust', scope: { name: 'p', declares: [], references: [{ name: 'A', line: 1 }] } };
    assert.deepEqual(
      samePackageEdges([...files, rust], existing).map((e) => `${e.from} -> ${e.to}`),
      ['c.go -> a.go', 'c.go -> b.go'],
    );
  });

  test('a name declared by several files links to each (e.g. per-platform files)', () => {
    const files = [go('open_linux.go', 'p', ['open'], []), go('open_windows.go', 'p', ['open'], []), go('main.go', 'p', [], ['open'])];
    assert.deepEqual(samePackageEdges(files, []).map((e) => e.to), ['open_linux.go', 'open_windows.go']);
  });

  test('java: one package across folders; the default package only within a folder', () => {
    const java = (path: string, name: string, declares: string[], uses: string[]): PackageFile => ({ ...go(path, name, declares, uses), language: 'java' });
    const files = [
      java('main/com/a/Repo.java', 'com.a', ['Repo'], []),
      java('test/com/a/RepoTest.java', 'com.a', ['RepoTest'], ['Repo']),
      java('x/Tool.java', '', ['Tool'], []),
      java('x/Main.java', '', ['Main'], ['Tool']),
      java('y/Other.java', '', ['Other'], ['Tool']),
    ];
    assert.deepEqual(samePackageEdges(files, []).map((e) => `${e.from} -> ${e.to}`), ['test/com/a/RepoTest.java -> main/com/a/Repo.java', 'x/Main.java -> x/Tool.java']);
  });
});

import type { Edge, Language, PackageScope } from './types';

export interface PackageFile {
  path: string;
  language: Language;
  scope: PackageScope;
}

/** How many used names a same-package edge's specifier lists before `…`. */
const SPECIFIER_NAMES = 4;

/**
 * `same-package` edges: Go files of one folder and package clause, and Java files of one package declaration
 * (any folder; the default package counts per folder), use each other's top-level names without imports.
 * A file gets one edge to each other file of its package that declares a name it uses; the specifier lists
 * those names in order of first use, the line is the first use. Go `_test.go` files are targets only for other
 * `_test.go` files. Pairs that already have an edge in `existing` (an import) get none.
 */
export function samePackageEdges(files: readonly PackageFile[], existing: readonly Edge[]): Edge[] {
  const packages = new Map<string, PackageFile[]>();
  for (const file of files) {
    if (file.language !== 'go' && file.language !== 'java') continue;
    const key = packageKey(file);
    const members = packages.get(key);
    if (members) members.push(file);
    else packages.set(key, [file]);
  }
  const linked = new Set(existing.map((e) => `${e.from}\0${e.to}`));
  const edges: Edge[] = [];
  for (const members of packages.values()) {
    if (members.length < 2) continue;
    const declarers = new Map<string, string[]>();
    for (const file of members) {
      for (const name of file.scope.declares) {
        const paths = declarers.get(name);
        if (paths) paths.push(file.path);
        else declarers.set(name, [file.path]);
      }
    }
    for (const file of members) {
      const fromTest = isGoTest(file.path);
      const uses = new Map<string, { names: string[]; line: number }>();
      for (const { name, line } of file.scope.references) {
        for (const to of declarers.get(name) ?? []) {
          if (to === file.path || (isGoTest(to) && !fromTest)) continue;
          const use = uses.get(to);
          if (use) use.names.push(name);
          else uses.set(to, { names: [name], line });
        }
      }
      for (const to of [...uses.keys()].sort()) {
        if (linked.has(`${file.path}\0${to}`)) continue;
        const { names, line } = uses.get(to)!;
        const listed = names.slice(0, SPECIFIER_NAMES).join(', ');
        edges.push({ from: file.path, to, kind: 'same-package', specifier: names.length > SPECIFIER_NAMES ? `${listed}, ...` : listed, line });
      }
    }
  }
  return edges;
}

function packageKey({ path, language, scope }: PackageFile): string {
  const folder = path.slice(0, Math.max(0, path.lastIndexOf('/')));
  if (language === 'go') return `go\0${folder}\0${scope.name}`;
  return scope.name === '' ? `java\0\0${folder}` : `java\0${scope.name}`;
}

function isGoTest(path: string): boolean {
  return path.endsWith('_test.go');
}

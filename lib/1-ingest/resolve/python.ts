import type { RawImport } from '../structure/types';
import { ancestorFolders } from './paths';
import { folderOf, inFolder } from './repoPath';
import type { Resolution, ResolverFactory } from './types';

/**
 * Python imports, resolved the way the interpreter would find them on sys.path: absolute imports against the
 * package roots of the repository, relative imports against the importing file's package.
 */

/** Files that mark a project folder: its folder (and its src/, lib/, python/) is a package root. */
const PROJECT_MARKERS = new Set(['setup.py', 'pyproject.toml', 'setup.cfg']);
/** Conventional containers of top-level packages inside a project folder. */
const CONTAINER_FOLDERS = ['src', 'lib', 'python'];

/** What a dotted module path names: a module file, a namespace package (a folder of Python code without __init__), or nothing. */
type ModuleLookup = { kind: 'file'; path: string } | { kind: 'namespace' } | { kind: 'missing' };

const MISSING: ModuleLookup = { kind: 'missing' };
const NAMESPACE: ModuleLookup = { kind: 'namespace' };

function isPythonFile(path: string): boolean {
  return path.endsWith('.py') || path.endsWith('.pyi');
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The files that may hold module `modulePath` ('pkg/sub'), in the order Python prefers them: package first, stubs last. */
function moduleCandidates(modulePath: string): string[] {
  if (modulePath === '') return ['__init__.py', '__init__.pyi'];
  const packageInit = `${modulePath}/__init__`;
  return [`${packageInit}.py`, `${modulePath}.py`, `${packageInit}.pyi`, `${modulePath}.pyi`];
}

function describeCandidates(modulePath: string): string {
  return moduleCandidates(modulePath)
    .filter((candidate) => candidate.endsWith('.py'))
    .join(' or ');
}

export const createPythonResolver: ResolverFactory = (index) => {
  const pythonFiles = [...index.files].filter(isPythonFile);
  // Folders with Python code somewhere below: the only folders that can act as (namespace) packages.
  const pythonFolders = ancestorFolders(pythonFiles);

  const moduleFile = (modulePath: string): string | undefined =>
    moduleCandidates(modulePath).find((candidate) => index.files.has(candidate));

  const lookupModule = (modulePath: string): ModuleLookup => {
    const file = moduleFile(modulePath);
    if (file !== undefined) return { kind: 'file', path: file };
    return pythonFolders.has(modulePath) ? NAMESPACE : MISSING;
  };

  const isRegularPackage = (folder: string): boolean =>
    index.files.has(inFolder(folder, '__init__.py')) || index.files.has(inFolder(folder, '__init__.pyi'));

  const roots = findPackageRoots(index.files, pythonFolders, isRegularPackage);

  // Top-level names each root provides, so that an import only searches the roots that can hold it.
  const rootSet = new Set(roots);
  const rootsByTopName = new Map<string, Set<string>>();
  for (const entry of [...pythonFolders, ...pythonFiles]) {
    const parent = folderOf(entry);
    if (entry === '' || !rootSet.has(parent)) continue;
    const name = fileName(entry).replace(/\.pyi?$/, '');
    const holders = rootsByTopName.get(name);
    if (holders) holders.add(parent);
    else rootsByTopName.set(name, new Set([parent]));
  }

  // Roots that contain the importing file come first (deepest first): a project imports its own packages before others'.
  const rootOrderByFolder = new Map<string, string[]>();
  const rootsFor = (fromPath: string): string[] => {
    const folder = folderOf(fromPath);
    let ordered = rootOrderByFolder.get(folder);
    if (!ordered) {
      const contains = (root: string) => root === '' || folder === root || folder.startsWith(`${root}/`);
      const own = roots.filter(contains).sort((a, b) => b.length - a.length);
      ordered = [...own, ...roots.filter((root) => !contains(root))];
      rootOrderByFolder.set(folder, ordered);
    }
    return ordered;
  };

  /** A script or test run directly has its own folder (the nearest one that is not a package) on sys.path. */
  const scriptFolders = new Map<string, string>();
  const scriptFolderOf = (fromPath: string): string => {
    const start = folderOf(fromPath);
    let folder = scriptFolders.get(start);
    if (folder === undefined) {
      folder = start;
      while (folder !== '' && isRegularPackage(folder)) folder = folderOf(folder);
      scriptFolders.set(start, folder);
    }
    return folder;
  };

  /** The deepest module of the chain a → a.b → a.b.c found under any of `searchRoots`; ties go to the earlier root. */
  const lookupChain = (segments: string[], searchRoots: string[]): ModuleLookup => {
    let best: ModuleLookup = MISSING;
    let bestDepth = 0;
    for (const root of searchRoots) {
      for (let depth = segments.length; depth > bestDepth; depth--) {
        const modulePath = inFolder(root, segments.slice(0, depth).join('/'));
        const file = moduleFile(modulePath);
        if (file !== undefined) {
          best = { kind: 'file', path: file };
          bestDepth = depth;
          break;
        }
        // A namespace folder yields no edge of its own, but proves the import names something in the repository.
        if (depth === segments.length && best.kind === 'missing' && pythonFolders.has(modulePath)) best = NAMESPACE;
      }
    }
    return best;
  };

  // A root that is itself a package ('json' with json/__init__.py) is imported by its files under the root folder's name.
  const rootPackageName = index.rootName && isRegularPackage('') ? index.rootName : undefined;

  /** json → __init__.py, json.decoder → decoder.py: the deepest module below the root, else the root package itself. */
  const lookupInRootPackage = (segments: string[]): ModuleLookup => {
    const found = lookupChain(segments.slice(1), ['']);
    return found.kind === 'file' ? found : { kind: 'file', path: moduleFile('')! };
  };

  const lookupAbsolute = (fromPath: string, segments: string[]): ModuleLookup => {
    if (rootPackageName !== undefined && segments[0] === rootPackageName) return lookupInRootPackage(segments);
    const holders = segments.length > 0 ? rootsByTopName.get(segments[0]) : undefined;
    const found = holders ? lookupChain(segments, rootsFor(fromPath).filter((root) => holders.has(root))) : MISSING;
    if (found.kind === 'file') return found;
    const scriptFolder = scriptFolderOf(fromPath);
    if (rootSet.has(scriptFolder)) return found;
    const fromScriptFolder = lookupChain(segments, [scriptFolder]);
    return fromScriptFolder.kind === 'missing' ? found : fromScriptFolder;
  };

  const resolveAbsolute = (fromPath: string, imp: RawImport): Resolution => {
    const base = imp.specifier.split('.').filter((segment) => segment !== '');
    const chains =
      imp.syntax === 'python-from'
        ? targetNames(imp).map((name) => (name === '*' ? base : [...base, name]))
        : [base];
    const lookups = chains.map((chain) => lookupAbsolute(fromPath, chain));
    const paths = distinctFiles(lookups, fromPath);
    // A module importing itself (`import json` in json/__init__.py) names a repository file: no edge, but not external.
    if (lookups.some((lookup) => lookup.kind !== 'missing')) return { kind: 'files', paths };
    return { kind: 'external' };
  };

  const resolveRelative = (fromPath: string, imp: RawImport, level: number): Resolution => {
    // Level 1 is the importing file's own package; for pkg/__init__.py that is pkg itself, its folder.
    let packageFolder = folderOf(fromPath);
    for (let step = 1; step < level; step++) {
      if (packageFolder === '') {
        return { kind: 'unresolved', reason: `relative import with ${level} dots climbs above the repository root` };
      }
      packageFolder = folderOf(packageFolder);
    }
    const moduleSegments = imp.specifier.split('.').filter((segment) => segment !== '');
    const target = moduleSegments.length === 0 ? packageFolder : inFolder(packageFolder, moduleSegments.join('/'));
    const targetLookup = lookupModule(target);
    if (targetLookup.kind === 'missing') {
      return { kind: 'unresolved', reason: `no module ${describeCandidates(target)}` };
    }

    const lookups: ModuleLookup[] = [];
    const missingNames: string[] = [];
    for (const name of targetNames(imp)) {
      if (name === '*') {
        lookups.push(targetLookup);
        continue;
      }
      const submodule = lookupModule(inFolder(target, name));
      // Not a submodule: the name is an attribute defined in the target module itself.
      if (submodule.kind !== 'missing') lookups.push(submodule);
      else if (targetLookup.kind === 'file') lookups.push(targetLookup);
      else missingNames.push(name);
    }
    const paths = distinctFiles(lookups, fromPath);
    if (paths.length === 0 && missingNames.length > 0) {
      const looked = missingNames.map((name) => describeCandidates(inFolder(target, name))).join('; ');
      return {
        kind: 'unresolved',
        reason: `no module ${looked}, and ${target === '' ? 'the repository root' : target} has no __init__.py defining it`,
      };
    }
    return { kind: 'files', paths };
  };

  return (fromPath, imp) => {
    const level = imp.level ?? 0;
    if (imp.syntax === 'python-from' && level > 0) return resolveRelative(fromPath, imp, level);
    return resolveAbsolute(fromPath, imp);
  };
};

/** `from X import a, b` names a and b; a bare `from X import` (never written, but possible in partial parses) names X. */
function targetNames(imp: RawImport): string[] {
  return imp.names && imp.names.length > 0 ? imp.names : ['*'];
}

/** Files named by the lookups, once each, without the importing file itself. */
function distinctFiles(lookups: ModuleLookup[], fromPath: string): string[] {
  const paths = new Set<string>();
  for (const lookup of lookups) if (lookup.kind === 'file' && lookup.path !== fromPath) paths.add(lookup.path);
  return [...paths];
}

/**
 * Folders whose children are top-level packages: the repository root, every project folder (one holding a
 * setup.py, pyproject.toml or setup.cfg), and their src/, lib/ and python/ folders when those hold Python code
 * without being packages themselves.
 */
function findPackageRoots(
  files: ReadonlySet<string>,
  pythonFolders: ReadonlySet<string>,
  isRegularPackage: (folder: string) => boolean,
): string[] {
  const projectFolders = new Set<string>(['']);
  for (const path of files) if (PROJECT_MARKERS.has(fileName(path))) projectFolders.add(folderOf(path));

  const roots = new Set<string>();
  for (const project of projectFolders) {
    roots.add(project);
    for (const container of CONTAINER_FOLDERS) {
      const folder = inFolder(project, container);
      if (pythonFolders.has(folder) && !isRegularPackage(folder)) roots.add(folder);
    }
  }
  // Shallow roots first, then by name, so that ties between unrelated roots break the same way every run.
  return [...roots].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
}

import type { RepoIndex } from '../structure/types';
import { folderOf, inFolder, joinRepoPath } from './repoPath';
import type { Resolution, ResolverFactory } from './types';

/**
 * Rust `mod x;` declarations and `use` paths, resolved to module files the way rustc lays them out: every crate
 * root (src/lib.rs, src/main.rs, src/bin/*.rs...) of every Cargo package owns a folder, and module a::b of that
 * crate lives at `<folder>/a/b.rs` or `<folder>/a/b/mod.rs`. Other crates of the workspace resolve by name; any
 * other crate (std, core, alloc, dependencies) is external.
 */

interface Manifest {
  packageName?: string;
  libName?: string;
  libPath?: string;
  binPaths: string[];
}

interface Crate {
  folder: string;
  /** The library root, the file other crates reach through the crate's name. */
  libRoot?: string;
}

/** Where a file sits in its crate: the folder the crate root owns, the root file, and the file's module path. */
interface ModuleContext {
  rootFolder: string;
  /** Undefined when several roots share the folder (tests/*.rs) and none of them is the library. */
  rootFile: string | undefined;
  modulePath: string[];
}

/** Paths, relative to a package folder, of files that are crate roots by Cargo's conventions. */
const CONVENTIONAL_ROOT =
  /^(?:src\/(?:lib|main)\.rs|src\/bin\/[^/]+\.rs|src\/bin\/[^/]+\/main\.rs|(?:tests|examples|benches)\/[^/]+\.rs|examples\/[^/]+\/main\.rs|build\.rs)$/;

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The few Cargo.toml keys that place crate roots and name the library: a line-based read, not a TOML parser. */
function parseManifest(text: string): Manifest {
  const manifest: Manifest = { binPaths: [] };
  let table = '';
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    const header = /^\[\[?\s*([^\]\s]+)\s*\]\]?/.exec(line);
    if (header) {
      table = header[1];
      continue;
    }
    const entry = /^([A-Za-z0-9_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(line);
    if (!entry) continue;
    const key = entry[1];
    const value = entry[2] ?? entry[3];
    if (table === 'package' && key === 'name') manifest.packageName = value;
    else if (table === 'lib' && key === 'name') manifest.libName = value;
    else if (table === 'lib' && key === 'path') manifest.libPath = value;
    else if (table === 'bin' && key === 'path') manifest.binPaths.push(value);
  }
  return manifest;
}

/** Package folders (one per Cargo.toml, or the repository root when there is none) and every crate root file. */
function findCrates(index: RepoIndex) {
  const crateByFolder = new Map<string, Crate>();
  const cratesByName = new Map<string, Crate>();
  const rootFiles = new Set<string>();
  const libRoots = new Set<string>();

  const manifests = [...index.files]
    .filter((path) => fileName(path) === 'Cargo.toml')
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  const manifestByFolder = new Map<string, Manifest>();
  for (const path of manifests) manifestByFolder.set(folderOf(path), parseManifest(index.read(path) ?? ''));
  if (manifestByFolder.size === 0) manifestByFolder.set('', { binPaths: [] });

  const addRoot = (folder: string, relative: string): string | undefined => {
    const path = joinRepoPath(folder, relative);
    if (path === null || !index.files.has(path)) return undefined;
    rootFiles.add(path);
    return path;
  };

  for (const [folder, manifest] of manifestByFolder) {
    const libRoot = addRoot(folder, manifest.libPath ?? 'src/lib.rs');
    const crate: Crate = { folder, libRoot };
    crateByFolder.set(folder, crate);
    if (libRoot !== undefined) libRoots.add(libRoot);
    for (const binPath of manifest.binPaths) addRoot(folder, binPath);
    // Crate names in paths use '_' where the package name has '-'.
    const name = (manifest.libName ?? manifest.packageName)?.replaceAll('-', '_');
    if (name !== undefined && libRoot !== undefined && !cratesByName.has(name)) cratesByName.set(name, crate);
  }

  const crateOf = (path: string): Crate | undefined => {
    let folder = folderOf(path);
    while (true) {
      const crate = crateByFolder.get(folder);
      if (crate || folder === '') return crate;
      folder = folderOf(folder);
    }
  };

  for (const path of index.files) {
    if (!path.endsWith('.rs')) continue;
    const crate = crateOf(path);
    if (!crate) continue;
    const relative = crate.folder === '' ? path : path.slice(crate.folder.length + 1);
    if (CONVENTIONAL_ROOT.test(relative)) rootFiles.add(path);
  }

  return { crateOf, cratesByName, rootFiles, libRoots };
}

export const createRustResolver: ResolverFactory = (index) => {
  const { crateOf, cratesByName, rootFiles, libRoots } = findCrates(index);

  // The folder each crate root owns. Roots sharing a folder (src/lib.rs and src/main.rs, tests/*.rs) are ambiguous
  // for the files below it, except that the library wins: a main.rs normally uses the library's modules.
  const ownerOfFolder = new Map<string, string | undefined>();
  for (const root of [...rootFiles].sort()) {
    if (fileName(root) === 'build.rs') continue; // build.rs shares its folder with the whole package
    const folder = folderOf(root);
    const current = ownerOfFolder.get(folder);
    if (!ownerOfFolder.has(folder) || libRoots.has(root)) ownerOfFolder.set(folder, root);
    else if (current !== undefined && !libRoots.has(current)) ownerOfFolder.set(folder, undefined);
  }

  const moduleFile = (context: ModuleContext, modulePath: string[]): string | undefined => {
    if (modulePath.length === 0) return context.rootFile;
    const base = inFolder(context.rootFolder, modulePath.join('/'));
    if (index.files.has(`${base}.rs`)) return `${base}.rs`;
    if (index.files.has(`${base}/mod.rs`)) return `${base}/mod.rs`;
    return undefined;
  };

  const contextCache = new Map<string, ModuleContext | undefined>();
  const contextOf = (path: string): ModuleContext | undefined => {
    if (contextCache.has(path)) return contextCache.get(path);
    const context = findContext(path);
    contextCache.set(path, context);
    return context;
  };
  const findContext = (path: string): ModuleContext | undefined => {
    if (rootFiles.has(path)) return { rootFolder: folderOf(path), rootFile: path, modulePath: [] };
    const crate = crateOf(path);
    if (!crate) return undefined;
    let folder = folderOf(path);
    while (!ownerOfFolder.has(folder)) {
      if (folder === crate.folder || folder === '') return undefined;
      folder = folderOf(folder);
    }
    const modulePath = (folder === '' ? path : path.slice(folder.length + 1)).replace(/\.rs$/, '').split('/');
    if (modulePath[modulePath.length - 1] === 'mod') modulePath.pop();
    return { rootFolder: folder, rootFile: ownerOfFolder.get(folder), modulePath };
  };

  /** The deepest existing module of base + rest[0..k], down to base itself; items name no file of their own. */
  const deepestModule = (context: ModuleContext, base: string[], rest: string[], fromPath: string): Resolution => {
    for (let depth = rest.length; depth >= 0; depth--) {
      const file = moduleFile(context, [...base, ...rest.slice(0, depth)]);
      if (file !== undefined) return { kind: 'files', paths: file === fromPath ? [] : [file] };
    }
    return { kind: 'files', paths: [] };
  };

  const resolveMod = (fromPath: string, specifier: string): Resolution => {
    if (specifier.startsWith('path:')) {
      // #[path = "..."] is relative to the folder of the declaring file.
      const target = joinRepoPath(folderOf(fromPath), specifier.slice('path:'.length));
      if (target === null) return { kind: 'unresolved', reason: `#[path] ${specifier.slice(5)} climbs above the repository root` };
      if (index.files.has(target)) return { kind: 'files', paths: [target] };
      return { kind: 'unresolved', reason: `#[path] file ${target} does not exist` };
    }
    // A crate root or mod.rs keeps its children beside it; src/a.rs keeps them in src/a/.
    const ownsFolder = rootFiles.has(fromPath) || fileName(fromPath) === 'mod.rs';
    const childFolder = ownsFolder ? folderOf(fromPath) : fromPath.replace(/\.rs$/, '');
    const asFile = inFolder(childFolder, `${specifier}.rs`);
    const asFolder = inFolder(childFolder, `${specifier}/mod.rs`);
    if (index.files.has(asFile)) return { kind: 'files', paths: [asFile] };
    if (index.files.has(asFolder)) return { kind: 'files', paths: [asFolder] };
    return { kind: 'unresolved', reason: `module ${specifier}: neither ${asFile} nor ${asFolder} exists` };
  };

  const resolveUse = (fromPath: string, specifier: string): Resolution => {
    const fromCrateList = specifier.startsWith('::'); // `::name` is always an external crate
    const segments = specifier.split('::').filter((segment) => segment !== '');
    if (segments[segments.length - 1] === 'self') segments.pop(); // `use a::b::{self}` imports module a::b
    if (segments.length === 0) return { kind: 'files', paths: [] };
    const [first] = segments;
    const context = contextOf(fromPath);

    if (!fromCrateList && (first === 'crate' || first === 'self' || first === 'super')) {
      if (!context) return { kind: 'unresolved', reason: `${fromPath} is not inside a crate of a Cargo package` };
      if (first === 'crate') return deepestModule(context, [], segments.slice(1), fromPath);
      let base = context.modulePath;
      let next = first === 'self' ? 1 : 0;
      for (; segments[next] === 'super'; next++) {
        if (base.length === 0) return { kind: 'unresolved', reason: `${specifier} climbs above the crate root` };
        base = base.slice(0, -1);
      }
      return deepestModule(context, base, segments.slice(next), fromPath);
    }
    // Since Rust 2018 a path may start with a child module of the current module.
    if (!fromCrateList && context && moduleFile(context, [...context.modulePath, first]) !== undefined) {
      return deepestModule(context, context.modulePath, segments, fromPath);
    }
    const crate = cratesByName.get(first);
    if (crate?.libRoot !== undefined) {
      const crateContext: ModuleContext = { rootFolder: folderOf(crate.libRoot), rootFile: crate.libRoot, modulePath: [] };
      return deepestModule(crateContext, [], segments.slice(1), fromPath);
    }
    return { kind: 'external' };
  };

  return (fromPath, imp) =>
    imp.syntax === 'rust-mod' ? resolveMod(fromPath, imp.specifier) : resolveUse(fromPath, imp.specifier);
};

import type { RawImport } from '../structure/types';
import { createJsonFileReader, isJsonObject } from './jsonc';
import { folderOf, inFolder, joinRepoPath } from './repoPath';
import { createTsConfigLookup, matchPathAlias, type ModuleAliases } from './tsconfig';
import type { Resolution, ResolverFactory } from './types';
import {
  entryFieldTargets,
  exportsTargets,
  findWorkspacePackages,
  IMPORT_CONDITIONS,
  REQUIRE_CONDITIONS,
  sourceCandidatesForOutput,
  subpathTargets,
} from './workspaces';

/** Extensions tried after an extensionless specifier, and after '/index', in TypeScript's preference order. */
const PROBE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.d.ts'];
/** TS ESM convention: `./x.js` is written for the file compiled from `./x.ts`. */
const SOURCES_OF_OUTPUT: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['.jsx', ['.tsx']],
  ['.mjs', ['.mts', '.d.mts']],
  ['.cjs', ['.cts', '.d.cts']],
  ['.js', ['.ts', '.tsx', '.d.ts']],
];
const PROBED = `(${PROBE_EXTENSIONS.join('|')}|/index.*)`;
const EXTERNAL: Resolution = { kind: 'external' };
const NO_PACKAGES: ReadonlyMap<string, string> = new Map();
/** URL-like specifiers ('node:fs', 'bun:test', 'virtual:x', 'https://...') never name a repository file. */
const PROTOCOL = /^[a-z][a-z0-9+.-]*:/i;

function found(path: string): Resolution {
  return { kind: 'files', paths: [path] };
}

function unresolved(reason: string): Resolution {
  return { kind: 'unresolved', reason };
}

function isRelative(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
}

/** Drops a query or hash ('./a.css?inline', './b.svg#icon'); a leading '#' is a package import, not a hash. */
function stripQuery(specifier: string): string {
  const query = specifier.indexOf('?');
  const withoutQuery = query === -1 ? specifier : specifier.slice(0, query);
  const hash = withoutQuery.indexOf('#', 1);
  return hash === -1 ? withoutQuery : withoutQuery.slice(0, hash);
}

/** 'pkg/a/b' → { name: 'pkg', subpath: 'a/b' }; '@scope/pkg' → { name: '@scope/pkg', subpath: '' }. */
function splitPackageSpecifier(specifier: string): { name: string; subpath: string } | undefined {
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  if (parts.length < nameLength || parts.slice(0, nameLength).some((part) => part === '')) return undefined;
  return { name: parts.slice(0, nameLength).join('/'), subpath: parts.slice(nameLength).join('/') };
}

/** Resolves `import`, `export ... from`, `require()` and `import()` specifiers of JavaScript and TypeScript files. */
export const createJsResolver: ResolverFactory = (index) => {
  const files = index.files;
  const readJson = createJsonFileReader(index);
  const workspacePackages = findWorkspacePackages(index, readJson);
  const aliasesFor = createTsConfigLookup(index, readJson, locateWorkspaceFile);
  const nearestPackageJsonByFolder = new Map<string, string | null>();
  const ownPackagesByFolder = new Map<string, ReadonlyMap<string, string>>();
  const packageResolutions = new Map<string, Resolution>();

  /** The file a path names: exact, its TS source, with an extension, or as a folder's index. */
  function probe(base: string, folderOnly = false): string | undefined {
    if (!folderOnly && base !== '') {
      if (files.has(base)) return base;
      for (const [outputExtension, sourceExtensions] of SOURCES_OF_OUTPUT) {
        if (!base.endsWith(outputExtension)) continue;
        const stem = base.slice(0, -outputExtension.length);
        const source = sourceExtensions.map((extension) => stem + extension).find((path) => files.has(path));
        if (source !== undefined) return source;
        break;
      }
      for (const extension of PROBE_EXTENSIONS) if (files.has(base + extension)) return base + extension;
    }
    const indexStem = inFolder(base, 'index');
    for (const extension of PROBE_EXTENSIONS) if (files.has(indexStem + extension)) return indexStem + extension;
    return undefined;
  }

  /** A package.json target (relative to the package folder), mapped back from dist/lib/build output to source when missing. */
  function probePackageTarget(packageFolder: string, target: string): string | undefined {
    if (target.startsWith('/')) return undefined;
    const path = joinRepoPath(packageFolder, target);
    if (path === null) return undefined;
    const direct = probe(path);
    if (direct !== undefined) return direct;
    for (const candidate of sourceCandidatesForOutput(path, packageFolder)) {
      const source = probe(candidate);
      if (source !== undefined) return source;
    }
    return undefined;
  }

  /** The source file a workspace package exposes at `subpath` ('' for its main entry). */
  function resolvePackageEntry(packageFolder: string, subpath: string, conditions: readonly string[]): string | undefined {
    const packageJson = readJson(inFolder(packageFolder, 'package.json')) ?? {};
    if (packageJson.exports !== undefined) {
      const targets = exportsTargets(packageJson.exports, subpath === '' ? '.' : `./${subpath}`, conditions) ?? [];
      for (const target of targets) {
        const path = probePackageTarget(packageFolder, target);
        if (path !== undefined) return path;
      }
    }
    if (subpath !== '') return probePackageTarget(packageFolder, subpath);
    for (const target of entryFieldTargets(packageJson)) {
      const path = probePackageTarget(packageFolder, target);
      if (path !== undefined) return path;
    }
    return probe(inFolder(packageFolder, 'src'), true) ?? probe(packageFolder, true);
  }

  /**
   * Names declared by the package.json files at and above `folder`, each mapped to the nearest folder declaring it: the
   * packages a file there may import by their own name (Node's self-reference). Shared with the parent folder when equal.
   */
  function ownPackagesOf(folder: string): ReadonlyMap<string, string> {
    const cached = ownPackagesByFolder.get(folder);
    if (cached !== undefined) return cached;
    const above = folder === '' ? NO_PACKAGES : ownPackagesOf(folderOf(folder));
    const name = readJson(inFolder(folder, 'package.json'))?.name;
    const own = typeof name === 'string' && name !== '' ? new Map([...above, [name, folder]]) : above;
    ownPackagesByFolder.set(folder, own);
    return own;
  }

  /**
   * A specifier naming the importing file's own package (the nearest package.json above it declaring that name), else a
   * workspace package or the root package; undefined when it names none of them.
   */
  function resolvePackageName(fromPath: string, specifier: string, conditions: readonly string[]): Resolution | undefined {
    const split = splitPackageSpecifier(specifier);
    if (split === undefined) return undefined;
    const ownFolder = ownPackagesOf(folderOf(fromPath)).get(split.name);
    if (ownFolder !== undefined) return resolvePackageAt(ownFolder, split, conditions, 'own package');
    const workspaceFolder = workspacePackages.get(split.name);
    if (workspaceFolder !== undefined) return resolvePackageAt(workspaceFolder, split, conditions, 'workspace package');
    return undefined;
  }

  function resolvePackageAt(packageFolder: string, split: { name: string; subpath: string }, conditions: readonly string[], label: string): Resolution {
    // The answer depends only on the package folder, and the same package entries are imported all over a repository.
    const key = `${conditions === REQUIRE_CONDITIONS ? 'require' : 'import'}:${packageFolder}\0${split.name}/${split.subpath}`;
    const cached = packageResolutions.get(key);
    if (cached !== undefined) return cached;
    const path = resolvePackageEntry(packageFolder, split.subpath, conditions);
    const what = split.subpath === '' ? 'its main entry' : `./${split.subpath}`;
    const resolution =
      path !== undefined
        ? found(path)
        : unresolved(
            `${label} ${split.name} (${packageFolder || 'repository root'}) has no file for ${what} ` +
              '(tried exports, source, types, module, main, src/index.*, index.*, and dist/lib/build → src)',
          );
    packageResolutions.set(key, resolution);
    return resolution;
  }

  /** For tsconfig `extends` naming a workspace package: '@repo/tsconfig/base.json' → 'packages/tsconfig/base.json'. */
  function locateWorkspaceFile(specifier: string): string | undefined {
    const split = splitPackageSpecifier(specifier);
    const packageFolder = split && workspacePackages.get(split.name);
    if (split === undefined || packageFolder === undefined) return undefined;
    return inFolder(packageFolder, split.subpath === '' ? 'tsconfig.json' : split.subpath);
  }

  function nearestPackageJson(folder: string): string | null {
    const cached = nearestPackageJsonByFolder.get(folder);
    if (cached !== undefined) return cached;
    const own = inFolder(folder, 'package.json');
    const path = files.has(own) ? own : folder === '' ? null : nearestPackageJson(folderOf(folder));
    nearestPackageJsonByFolder.set(folder, path);
    return path;
  }

  function resolveRelative(fromPath: string, specifier: string): Resolution {
    const path = joinRepoPath(folderOf(fromPath), specifier);
    if (path === null) return unresolved(`${specifier} climbs above the repository root from ${fromPath}`);
    const folderOnly = specifier === '.' || specifier === '..' || specifier.endsWith('/');
    const target = probe(path, folderOnly);
    if (target !== undefined) return found(target);
    const tried = folderOnly ? `${specifier.replace(/\/$/, '')}/index.*` : /\.[cm]?jsx?$/.test(specifier) ? `${specifier} (or its .ts/.tsx source)` : specifier + PROBED;
    return unresolved(`no file ${tried} next to ${fromPath}`);
  }

  /** '#name' through the `imports` field of the nearest package.json. */
  function resolvePackageImport(fromPath: string, specifier: string, conditions: readonly string[]): Resolution {
    const packageJsonPath = nearestPackageJson(folderOf(fromPath));
    if (packageJsonPath === null) return unresolved(`no package.json above ${fromPath} defines imports for ${specifier}`);
    const imports = readJson(packageJsonPath)?.imports;
    const targets = isJsonObject(imports) ? subpathTargets(imports, specifier, conditions) : null;
    if (targets === null) return unresolved(`${specifier} is not in the "imports" of ${packageJsonPath}`);
    const packageFolder = folderOf(packageJsonPath);
    for (const target of targets) {
      if (target.startsWith('./')) {
        const path = probePackageTarget(packageFolder, target);
        if (path !== undefined) return found(path);
      } else if (!target.startsWith('/') && !target.startsWith('../')) {
        // An `imports` target may name a package instead of a file.
        return resolvePackageName(fromPath, target, conditions) ?? EXTERNAL;
      }
    }
    return unresolved(`${specifier} maps to ${targets.join(', ') || 'nothing'} in ${packageJsonPath}, but no such file exists`);
  }

  /** tsconfig `paths`; the reason when an alias matched but none of its targets exists, so the import is not external. */
  function resolvePathAlias(aliases: ModuleAliases, specifier: string): Resolution | undefined {
    const match = matchPathAlias(aliases.paths, specifier);
    if (match === undefined) return undefined;
    const targets = match.alias.targets.map((target) => target.replace('*', match.captured));
    for (const target of targets) {
      const path = joinRepoPath(aliases.pathsBase, target);
      const file = path === null ? undefined : probe(path);
      if (file !== undefined) return found(file);
    }
    // A catch-all '*' alias, or targets inside node_modules, also match packages that are legitimately outside the repository.
    const catchAll = match.alias.wildcard && match.alias.prefix === '' && match.alias.suffix === '';
    if (catchAll || targets.some((target) => /(^|\/)node_modules\//.test(target))) return undefined;
    return unresolved(`tsconfig paths '${match.alias.pattern}' in ${aliases.configPath} matched, but none of ${targets.join(', ')} exists`);
  }

  function resolveBare(fromPath: string, specifier: string, conditions: readonly string[]): Resolution {
    const aliases = aliasesFor(folderOf(fromPath));
    let aliasFailure: Resolution | undefined;
    if (aliases !== null) {
      const aliased = resolvePathAlias(aliases, specifier);
      if (aliased?.kind === 'files') return aliased;
      aliasFailure = aliased;
      if (aliases.baseUrl !== null) {
        const path = joinRepoPath(aliases.baseUrl, specifier);
        const file = path === null ? undefined : probe(path);
        if (file !== undefined) return found(file);
      }
    }
    return resolvePackageName(fromPath, specifier, conditions) ?? aliasFailure ?? EXTERNAL;
  }

  return (fromPath: string, imp: RawImport): Resolution => {
    const specifier = stripQuery(imp.specifier);
    if (specifier === '') return unresolved(`empty specifier '${imp.specifier}'`);
    const conditions = imp.syntax === 'require' ? REQUIRE_CONDITIONS : IMPORT_CONDITIONS;
    if (isRelative(specifier)) return resolveRelative(fromPath, specifier);
    if (specifier.startsWith('/')) return unresolved(`absolute path ${specifier} does not name a repository file`);
    if (specifier.startsWith('#')) return resolvePackageImport(fromPath, specifier, conditions);
    if (PROTOCOL.test(specifier)) return EXTERNAL;
    return resolveBare(fromPath, specifier, conditions);
  };
};

import type { RepoIndex } from '../structure/types';
import { isJsonObject, type JsonObject } from './jsonc';
import { folderOf, inFolder, joinRepoPath } from './repoPath';

/** The module-resolution part of a tsconfig.json / jsconfig.json: `baseUrl` and `paths`, with `extends` applied. */

export interface PathAlias {
  /** As written in `paths`, e.g. '@/*'. */
  pattern: string;
  /** Text before and after the `*` (the whole pattern as prefix when there is no `*`). */
  prefix: string;
  suffix: string;
  wildcard: boolean;
  targets: string[];
}

export interface ModuleAliases {
  /** The nearest config file, which may have inherited its options through `extends`. */
  configPath: string;
  /** Folder `baseUrl` points to, or null when no config in the chain sets it. */
  baseUrl: string | null;
  /** Folder `paths` targets are relative to: baseUrl, or else the folder of the config that declares `paths` (TS ≥ 4.1). */
  pathsBase: string;
  /** Exact patterns first, then wildcard patterns by longest prefix, the order TypeScript matches them in. */
  paths: PathAlias[];
}

/** What one config file declares, after its own `extends` chain. */
interface DeclaredOptions {
  baseUrl?: string | null;
  paths?: { entries: PathAlias[]; declaredIn: string };
}

/** Maps a non-relative `extends` such as '@repo/tsconfig/base.json' to a repository file, when it names a workspace package. */
export type PackageFileLocator = (specifier: string) => string | undefined;

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

/**
 * Returns a lookup from a folder to the aliases of the nearest tsconfig.json or jsconfig.json at or above it,
 * or null when there is none or it sets neither baseUrl nor paths. Results are cached per folder and per config file.
 */
export function createTsConfigLookup(
  index: RepoIndex,
  readJson: (path: string) => JsonObject | undefined,
  locatePackageFile: PackageFileLocator = () => undefined,
): (folder: string) => ModuleAliases | null {
  const byFolder = new Map<string, ModuleAliases | null>();
  const byConfig = new Map<string, DeclaredOptions>();
  const loading = new Set<string>();

  function resolveExtends(configFolder: string, specifier: string): string | undefined {
    const isRelative = specifier.startsWith('./') || specifier.startsWith('../');
    const base = isRelative ? joinRepoPath(configFolder, specifier) : locatePackageFile(specifier);
    // Anything else (e.g. '@tsconfig/node20/tsconfig.json' from node_modules) lies outside the repository.
    if (base === null || base === undefined) return undefined;
    return [base, `${base}.json`, inFolder(base, 'tsconfig.json')].find((path) => index.files.has(path));
  }

  function load(configPath: string): DeclaredOptions {
    const cached = byConfig.get(configPath);
    if (cached) return cached;
    if (loading.has(configPath)) return {}; // an `extends` cycle
    loading.add(configPath);
    const json = readJson(configPath) ?? {};
    const folder = folderOf(configPath);
    const options: DeclaredOptions = {};
    const extendsList = typeof json.extends === 'string' ? [json.extends] : Array.isArray(json.extends) ? json.extends : [];
    // Later bases override earlier ones, and the file's own options override all bases.
    for (const specifier of extendsList) {
      if (typeof specifier !== 'string') continue;
      const basePath = resolveExtends(folder, specifier);
      if (basePath === undefined) continue;
      const base = load(basePath);
      if (base.baseUrl !== undefined) options.baseUrl = base.baseUrl;
      if (base.paths !== undefined) options.paths = base.paths;
    }
    const compilerOptions = isJsonObject(json.compilerOptions) ? json.compilerOptions : {};
    if (typeof compilerOptions.baseUrl === 'string') options.baseUrl = joinRepoPath(folder, compilerOptions.baseUrl);
    if (isJsonObject(compilerOptions.paths)) options.paths = { entries: parsePaths(compilerOptions.paths), declaredIn: folder };
    loading.delete(configPath);
    byConfig.set(configPath, options);
    return options;
  }

  function toAliases(configPath: string, options: DeclaredOptions): ModuleAliases | null {
    const baseUrl = options.baseUrl ?? null;
    if (baseUrl === null && options.paths === undefined) return null;
    return {
      configPath,
      baseUrl,
      pathsBase: baseUrl ?? options.paths?.declaredIn ?? folderOf(configPath),
      paths: options.paths?.entries ?? [],
    };
  }

  function aliasesOfConfig(configPath: string): ModuleAliases | null {
    const own = toAliases(configPath, load(configPath));
    if (own) return own;
    // Solution-style configs (Vite's tsconfig.json → tsconfig.app.json) keep the aliases in a referenced config.
    const references = readJson(configPath)?.references;
    if (!Array.isArray(references)) return null;
    for (const reference of references) {
      if (!isJsonObject(reference) || typeof reference.path !== 'string') continue;
      const target = joinRepoPath(folderOf(configPath), reference.path);
      if (target === null) continue;
      const referencedPath = [target, inFolder(target, 'tsconfig.json')].find((path) => path.endsWith('.json') && index.files.has(path));
      if (referencedPath === undefined || referencedPath === configPath) continue;
      const referenced = toAliases(referencedPath, load(referencedPath));
      if (referenced) return referenced;
    }
    return null;
  }

  function lookup(folder: string): ModuleAliases | null {
    const cached = byFolder.get(folder);
    if (cached !== undefined) return cached;
    const configPath = CONFIG_NAMES.map((name) => inFolder(folder, name)).find((path) => index.files.has(path));
    const aliases = configPath !== undefined ? aliasesOfConfig(configPath) : folder === '' ? null : lookup(folderOf(folder));
    byFolder.set(folder, aliases);
    return aliases;
  }

  return lookup;
}

function parsePaths(paths: JsonObject): PathAlias[] {
  const aliases: PathAlias[] = [];
  for (const [pattern, value] of Object.entries(paths)) {
    const targets = Array.isArray(value) ? value.filter((target): target is string => typeof target === 'string') : [];
    const star = pattern.indexOf('*');
    // TypeScript ignores patterns with more than one '*'.
    if (targets.length === 0 || (star !== -1 && pattern.indexOf('*', star + 1) !== -1)) continue;
    aliases.push(
      star === -1
        ? { pattern, prefix: pattern, suffix: '', wildcard: false, targets }
        : { pattern, prefix: pattern.slice(0, star), suffix: pattern.slice(star + 1), wildcard: true, targets },
    );
  }
  return aliases.sort((a, b) => Number(a.wildcard) - Number(b.wildcard) || (a.wildcard ? b.prefix.length - a.prefix.length : 0));
}

/** The alias a bare specifier matches and the text its `*` captured, or undefined. */
export function matchPathAlias(aliases: readonly PathAlias[], specifier: string): { alias: PathAlias; captured: string } | undefined {
  for (const alias of aliases) {
    if (!alias.wildcard) {
      if (alias.pattern === specifier) return { alias, captured: '' };
    } else if (
      specifier.length >= alias.prefix.length + alias.suffix.length &&
      specifier.startsWith(alias.prefix) &&
      specifier.endsWith(alias.suffix)
    ) {
      return { alias, captured: specifier.slice(alias.prefix.length, specifier.length - alias.suffix.length) };
    }
  }
  return undefined;
}

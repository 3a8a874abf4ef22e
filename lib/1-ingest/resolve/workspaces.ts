import type { RepoIndex } from '../structure/types';
import { isJsonObject, type JsonObject } from './jsonc';
import { folderOf, inFolder } from './repoPath';

/**
 * Workspace packages (npm/yarn `workspaces`, pnpm-workspace.yaml) and the package.json fields
 * (`exports`, `imports`, `main`...) that say which file a package specifier points to.
 */

/**
 * Condition keys tried first: source-like ones, then what the import syntax loads, then the `default` fallback and the
 * other syntax. Any other condition of an object comes after these. Every target is probed in turn until one exists.
 */
export const IMPORT_CONDITIONS: readonly string[] = ['source', 'types', 'import', 'module', 'node', 'default', 'require'];
export const REQUIRE_CONDITIONS: readonly string[] = ['source', 'types', 'require', 'node', 'default', 'import', 'module'];

/** Entry fields of package.json, in the order that most likely leads to source. */
const ENTRY_FIELDS = ['source', 'types', 'typings', 'module', 'main'];

/** Build output folders at a package root, and the module-format folders often nested in them. */
const OUTPUT_FOLDERS = new Set(['dist', 'lib', 'build', 'out']);
const FORMAT_FOLDERS = new Set(['esm', 'cjs', 'es', 'mjs', 'umd', 'types', 'module', 'commonjs']);
const DECLARATION_EXTENSION = /\.d\.[mc]?ts$/;
const CODE_EXTENSION = /\.[mc]?[jt]sx?$/;

/**
 * Maps each workspace package name to its folder. Every package.json with `workspaces` and every
 * pnpm-workspace.yaml is a workspace root; the repository root package.json's own name also counts (self-reference).
 */
export function findWorkspacePackages(index: RepoIndex, readJson: (path: string) => JsonObject | undefined): Map<string, string> {
  const packageFolders: string[] = [];
  const roots: Array<{ folder: string; globs: string[] }> = [];
  for (const path of index.files) {
    if (path.includes('node_modules/')) continue;
    if (path === 'package.json' || path.endsWith('/package.json')) {
      const folder = folderOf(path);
      packageFolders.push(folder);
      const globs = workspaceGlobs(readJson(path)?.workspaces);
      if (globs.length > 0) roots.push({ folder, globs });
    } else if (path === 'pnpm-workspace.yaml' || path.endsWith('/pnpm-workspace.yaml')) {
      const text = index.read(path);
      if (text !== undefined) roots.push({ folder: folderOf(path), globs: parsePnpmWorkspacePackages(text) });
    }
  }
  packageFolders.sort();
  roots.sort((a, b) => a.folder.length - b.folder.length || a.folder.localeCompare(b.folder));

  const packages = new Map<string, string>();
  const addPackage = (folder: string): void => {
    const name = readJson(inFolder(folder, 'package.json'))?.name;
    if (typeof name === 'string' && name !== '' && !packages.has(name)) packages.set(name, folder);
  };
  if (index.files.has('package.json')) addPackage('');
  for (const root of roots) {
    const include = root.globs.filter((glob) => !glob.startsWith('!')).map(globToRegExp);
    const exclude = root.globs.filter((glob) => glob.startsWith('!')).map((glob) => globToRegExp(glob.slice(1)));
    const prefix = root.folder === '' ? '' : `${root.folder}/`;
    for (const folder of packageFolders) {
      if (folder === root.folder || !folder.startsWith(prefix)) continue;
      const relative = `${folder.slice(prefix.length)}/`;
      if (include.some((glob) => glob.test(relative)) && !exclude.some((glob) => glob.test(relative))) addPackage(folder);
    }
    if (root.folder !== '' && index.files.has(inFolder(root.folder, 'package.json'))) addPackage(root.folder);
  }
  return packages;
}

/** `workspaces` as an array (npm, yarn) or as `{ packages: [...] }` (yarn classic with nohoist). */
function workspaceGlobs(workspaces: unknown): string[] {
  const list = isJsonObject(workspaces) ? workspaces.packages : workspaces;
  return Array.isArray(list) ? list.filter((glob): glob is string => typeof glob === 'string') : [];
}

/** Reads the `packages:` list of pnpm-workspace.yaml: block items (`- 'packages/*'`) or a flow list (`[a, b]`). */
export function parsePnpmWorkspacePackages(text: string): string[] {
  const globs: string[] = [];
  let inPackages = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/(^|\s)#.*$/, '');
    const key = /^packages\s*:\s*(.*)$/.exec(line);
    if (key) {
      inPackages = true;
      const flow = /^\[(.*)\]$/.exec(key[1].trim());
      if (flow) globs.push(...flow[1].split(',').map(unquote).filter((glob) => glob !== ''));
      continue;
    }
    if (!inPackages || line.trim() === '') continue;
    const item = /^\s*-\s*(.+)$/.exec(line);
    if (item) globs.push(unquote(item[1]));
    else if (/^\S/.test(line)) inPackages = false; // the next top-level key
  }
  return globs;
}

function unquote(text: string): string {
  const trimmed = text.trim();
  return /^(['"]).*\1$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
}

/** A folder glob ('packages/*', 'apps/**', 'libs/{a,b}') as a regexp over a relative folder path ending in '/'. */
function globToRegExp(glob: string): RegExp {
  const segments = glob.replace(/^\.\//, '').replace(/\/+$/, '').split('/');
  const source = segments
    .map((segment) => {
      if (segment === '**') return '(?:[^/]+/)*';
      const escaped = segment
        .replace(/[.+^$()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')
        .replace(/\{([^{}]*)\}/g, (_, options: string) => `(?:${options.split(',').join('|')})`);
      return `${escaped}/`;
    })
    .join('');
  return new RegExp(`^${source}$`);
}

/** Every string target of a (possibly nested, possibly array) conditional target, in condition preference order. */
export function conditionalTargets(value: unknown, conditions: readonly string[]): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((item) => conditionalTargets(item, conditions));
  if (!isJsonObject(value)) return []; // null blocks a subpath
  const keys = Object.keys(value);
  const ordered = [...conditions.filter((key) => key in value), ...keys.filter((key) => !conditions.includes(key))];
  return ordered.flatMap((key) => conditionalTargets(value[key], conditions));
}

/**
 * Targets of `request` in a subpath map (`exports` with './x' keys, or `imports` with '#x' keys):
 * an exact key, else the `*` pattern with the longest prefix, else a legacy folder key ending in '/'. Null when no key matches.
 */
export function subpathTargets(map: JsonObject, request: string, conditions: readonly string[]): string[] | null {
  if (Object.hasOwn(map, request) && !request.includes('*')) return conditionalTargets(map[request], conditions);
  let best: { key: string; captured: string } | undefined;
  for (const key of Object.keys(map)) {
    const star = key.indexOf('*');
    if (star === -1) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (request.length < key.length || !request.startsWith(prefix) || !request.endsWith(suffix)) continue;
    if (best === undefined || prefix.length > best.key.indexOf('*') || (prefix.length === best.key.indexOf('*') && key.length > best.key.length)) {
      best = { key, captured: request.slice(prefix.length, request.length - suffix.length) };
    }
  }
  if (best !== undefined) {
    const captured = best.captured;
    return conditionalTargets(map[best.key], conditions).map((target) => target.replaceAll('*', captured));
  }
  const folderKey = Object.keys(map)
    .filter((key) => key.endsWith('/') && request.startsWith(key))
    .sort((a, b) => b.length - a.length)[0];
  if (folderKey === undefined) return null;
  return conditionalTargets(map[folderKey], conditions).map((target) => target + request.slice(folderKey.length));
}

/** Targets `exports` gives for a subpath ('.' or './x'); null when `exports` does not export it. */
export function exportsTargets(exportsField: unknown, subpath: string, conditions: readonly string[]): string[] | null {
  const isSubpathMap = isJsonObject(exportsField) && Object.keys(exportsField).some((key) => key.startsWith('.'));
  if (isSubpathMap) return subpathTargets(exportsField, subpath, conditions);
  return subpath === '.' ? conditionalTargets(exportsField, conditions) : null;
}

/** The string entry fields of a package.json (`source`, `types`, `typings`, `module`, `main`), in that order. */
export function entryFieldTargets(packageJson: JsonObject): string[] {
  return ENTRY_FIELDS.map((field) => packageJson[field]).filter((value): value is string => typeof value === 'string' && value !== '');
}

/**
 * Where the source of a build output file probably is: 'pkg/dist/esm/x.js' → 'pkg/src/esm/x.js', 'pkg/src/x.js',
 * then 'pkg/x.js' (outDir without a src folder); each also without its extension so that probing finds .ts/.tsx,
 * and declaration files ('.d.ts') only without it. Empty when the path is not inside an output folder of the package.
 */
export function sourceCandidatesForOutput(path: string, packageFolder: string): string[] {
  const relative = packageFolder === '' ? path : path.slice(packageFolder.length + 1);
  const segments = relative.split('/');
  if (segments.length < 2 || !OUTPUT_FOLDERS.has(segments[0])) return [];
  const rewritten = [['src', ...segments.slice(1)]];
  if (segments.length > 2 && FORMAT_FOLDERS.has(segments[1])) rewritten.push(['src', ...segments.slice(2)]);
  rewritten.push(segments.slice(1));
  const candidates: string[] = [];
  for (const parts of rewritten) {
    const candidate = inFolder(packageFolder, parts.join('/'));
    if (DECLARATION_EXTENSION.test(candidate)) {
      candidates.push(candidate.replace(DECLARATION_EXTENSION, ''));
    } else {
      candidates.push(candidate);
      if (CODE_EXTENSION.test(candidate)) candidates.push(candidate.replace(CODE_EXTENSION, ''));
    }
  }
  return candidates;
}

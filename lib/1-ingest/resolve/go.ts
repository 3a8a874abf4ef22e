import type { RepoIndex } from '../structure/types';
import { ancestorFolders, groupByFolder } from './paths';
import { folderOf, inFolder, joinRepoPath } from './repoPath';
import type { ResolverFactory } from './types';

/**
 * Go imports name packages, i.e. folders: an import path under a module path declared by a go.mod of the
 * repository (or replaced by a local directory) maps to `<module folder>/<rest>`, and resolves to every
 * non-test .go file directly in that folder. Anything else is the standard library or a third-party module.
 */

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function isPackageSource(path: string): boolean {
  return path.endsWith('.go') && !path.endsWith('_test.go');
}

function stripComment(line: string): string {
  const comment = line.indexOf('//');
  return (comment === -1 ? line : line.slice(0, comment)).trim();
}

function unquote(token: string): string {
  return token.replace(/^["`]|["`]$/g, '');
}

/** The `module` path of a go.mod, or undefined when it declares none. */
function parseModulePath(goMod: string): string | undefined {
  for (const line of goMod.split('\n')) {
    const match = /^module\s+(\S+)/.exec(stripComment(line));
    if (match) return unquote(match[1]);
  }
  return undefined;
}

/** `replace` directives of a go.mod or go.work (single-line and block form) whose target is a local directory. */
function parseLocalReplaces(text: string): { modulePath: string; directory: string }[] {
  const replaces: { modulePath: string; directory: string }[] = [];
  let inBlock = false;
  for (const rawLine of text.split('\n')) {
    let line = stripComment(rawLine);
    if (inBlock) {
      if (line.startsWith(')')) {
        inBlock = false;
        continue;
      }
    } else {
      const directive = /^replace\s*(.*)$/.exec(line);
      if (!directive) continue;
      line = directive[1].trim();
      if (line === '(') {
        inBlock = true;
        continue;
      }
    }
    // `old [version] => new [version]`; only paths starting with ./ or ../ are local directories.
    const arrow = line.indexOf('=>');
    if (arrow === -1) continue;
    const modulePath = unquote(line.slice(0, arrow).trim().split(/\s+/)[0] ?? '');
    const directory = unquote(line.slice(arrow + 2).trim().split(/\s+/)[0] ?? '');
    const isLocal = directory === '.' || directory === '..' || directory.startsWith('./') || directory.startsWith('../');
    if (modulePath !== '' && isLocal) replaces.push({ modulePath, directory });
  }
  return replaces;
}

/** Module path → folder, from every go.mod (shallowest first wins a duplicate) and every local replace. */
function findModuleFolders(index: RepoIndex): Map<string, string> {
  const configs = [...index.files]
    .filter((path) => fileName(path) === 'go.mod' || fileName(path) === 'go.work')
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));

  const folders = new Map<string, string>();
  const replaced = new Map<string, string>();
  for (const config of configs) {
    const text = index.read(config);
    if (text === undefined) continue;
    const configFolder = folderOf(config);
    if (fileName(config) === 'go.mod') {
      const modulePath = parseModulePath(text);
      if (modulePath !== undefined && !folders.has(modulePath)) folders.set(modulePath, configFolder);
    }
    for (const { modulePath, directory } of parseLocalReplaces(text)) {
      const target = joinRepoPath(configFolder, directory);
      if (target !== null && !replaced.has(modulePath)) replaced.set(modulePath, target);
    }
  }
  // A module declared in the repository keeps its own folder; a replace only adds modules not declared here.
  for (const [modulePath, folder] of replaced) if (!folders.has(modulePath)) folders.set(modulePath, folder);
  return folders;
}

export const createGoResolver: ResolverFactory = (index) => {
  const moduleFolders = findModuleFolders(index);
  const sourcesByFolder = groupByFolder(index.files, isPackageSource);
  const existingFolders = ancestorFolders(index.files);

  /** The folder an import path maps to, through the longest module path that prefixes it. */
  const folderOfImport = (importPath: string): string | undefined => {
    let prefix = importPath;
    while (true) {
      const moduleFolder = moduleFolders.get(prefix);
      if (moduleFolder !== undefined) {
        const rest = importPath.slice(prefix.length + 1);
        return rest === '' ? moduleFolder : inFolder(moduleFolder, rest);
      }
      const slash = prefix.lastIndexOf('/');
      if (slash === -1) return undefined;
      prefix = prefix.slice(0, slash);
    }
  };

  return (fromPath, imp) => {
    const folder = folderOfImport(imp.specifier);
    if (folder === undefined) return { kind: 'external' };
    const where = folder === '' ? 'the repository root' : `folder ${folder}`;
    if (!existingFolders.has(folder)) {
      return { kind: 'unresolved', reason: `${where} does not exist (import path is inside a module of this repository)` };
    }
    const paths = (sourcesByFolder.get(folder) ?? []).filter((path) => path !== fromPath);
    if (paths.length === 0) return { kind: 'unresolved', reason: `${where} has no non-test .go files` };
    return { kind: 'files', paths };
  };
};

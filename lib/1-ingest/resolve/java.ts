import { ancestorFolders, groupByFolder } from './paths';
import { folderOf } from './repoPath';
import type { Resolution, ResolverFactory } from './types';

/**
 * Java imports name classes and packages. A class a.b.C lives in `<source root>/a/b/C.java`; a source root is a
 * file's folder minus its package folders. Packages come from the files' `package` declarations (read lazily,
 * once each), and where no text is available, from the conventional roots src/<set>/java, src and the
 * repository root. Classes found nowhere belong to the JDK or a library.
 */

/** Files a wildcard import does not bring in: they declare no class. */
const NOT_CLASSES = new Set(['package-info.java', 'module-info.java']);

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function hasSuffix(path: string, suffix: string): boolean {
  return path === suffix || path.endsWith(`/${suffix}`);
}

/** The `package` of a Java source (null when it has none); comments are dropped first so licence headers don't match. */
function parsePackage(text: string): string | null {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
  const match = /(?:^|[\s;])package\s+([\w$]+(?:\s*\.\s*[\w$]+)*)\s*;/.exec(code);
  return match ? match[1].replace(/\s+/g, '') : null;
}

/** The package a folder would hold under the conventional source roots: src/<set>/java, else src, else the root. */
function conventionalPackage(folder: string): string {
  const segments = folder === '' ? [] : folder.split('/');
  for (let i = 2; i < segments.length; i++) {
    if (segments[i] === 'java' && segments[i - 2] === 'src') return segments.slice(i + 1).join('.');
  }
  const src = segments.indexOf('src');
  return segments.slice(src + 1).join('.');
}

function addTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Number of leading path segments two paths share: how close two files are in the tree. */
function sharedDepth(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  let depth = 0;
  while (depth < left.length && depth < right.length && left[depth] === right[depth]) depth++;
  return depth;
}

export const createJavaResolver: ResolverFactory = (index) => {
  const javaFiles = [...index.files].filter((path) => path.endsWith('.java')).sort();
  const javaByFolder = groupByFolder(javaFiles, () => true);
  const javaFolders = ancestorFolders(javaFiles);

  // Candidates are looked up by their last name, then checked against the whole dotted path.
  const filesByName = new Map<string, string[]>();
  for (const path of javaFiles) addTo(filesByName, lastSegment(path), path);
  const foldersByName = new Map<string, string[]>();
  const childFolders = new Map<string, string[]>();
  for (const folder of [...javaFolders].sort()) {
    if (folder === '') continue;
    addTo(foldersByName, lastSegment(folder), folder);
    addTo(childFolders, folderOf(folder), folder);
  }

  /** A file's declared package: null without a declaration, undefined when its text is not available. */
  const declaredPackages = new Map<string, string | null | undefined>();
  const declaredPackage = (path: string): string | null | undefined => {
    if (declaredPackages.has(path)) return declaredPackages.get(path);
    const text = index.read(path);
    const declared = text === undefined ? undefined : parsePackage(text);
    declaredPackages.set(path, declared);
    return declared;
  };

  /** A folder's package as its own files (or, failing those, a sub-package's files) declare it. */
  const folderPackagesFromText = new Map<string, string | undefined>();
  const packageFromText = (folder: string): string | undefined => {
    if (folderPackagesFromText.has(folder)) return folderPackagesFromText.get(folder);
    let found: string | undefined;
    for (const path of javaByFolder.get(folder) ?? []) {
      const declared = declaredPackage(path);
      if (declared !== undefined) {
        found = declared ?? '';
        break;
      }
    }
    for (const child of found === undefined ? (childFolders.get(folder) ?? []) : []) {
      const childPackage = packageFromText(child);
      const name = lastSegment(child);
      if (childPackage === name) found = '';
      else if (childPackage?.endsWith(`.${name}`)) found = childPackage.slice(0, -(name.length + 1));
      if (found !== undefined) break;
    }
    folderPackagesFromText.set(folder, found);
    return found;
  };

  const packageOfFolder = (folder: string): string => packageFromText(folder) ?? conventionalPackage(folder);

  const isInPackage = (path: string, packageName: string): boolean => {
    const declared = declaredPackage(path);
    return declared === undefined ? packageOfFolder(folderOf(path)) === packageName : (declared ?? '') === packageName;
  };

  /** The file of class `segments` (a.b.C, a.b.C.Inner or a.b.C.member): the longest prefix naming a class file. */
  const findClassFile = (fromPath: string, segments: string[]): string | undefined => {
    for (let length = segments.length; length >= 2; length--) {
      const packageSegments = segments.slice(0, length - 1);
      const className = segments[length - 1];
      const suffix = `${packageSegments.join('/')}/${className}.java`;
      const packageName = packageSegments.join('.');
      const matches = (filesByName.get(`${className}.java`) ?? []).filter(
        (path) => hasSuffix(path, suffix) && isInPackage(path, packageName),
      );
      if (matches.length === 0) continue;
      // The same class in several modules (copies, test fixtures): take the one nearest the importing file.
      let nearest = matches[0];
      for (const path of matches) if (sharedDepth(path, fromPath) > sharedDepth(nearest, fromPath)) nearest = path;
      return nearest;
    }
    return undefined;
  };

  const resolveClass = (fromPath: string, segments: string[]): Resolution => {
    const file = findClassFile(fromPath, segments);
    if (file === undefined) return { kind: 'external' };
    return { kind: 'files', paths: file === fromPath ? [] : [file] };
  };

  /** `import a.b.*`: every class file of package a.b, in every source root that has it. */
  const resolvePackage = (fromPath: string, segments: string[]): Resolution => {
    const packageName = segments.join('.');
    const packagePath = segments.join('/');
    const folders = (foldersByName.get(segments[segments.length - 1]) ?? []).filter(
      (folder) => hasSuffix(folder, packagePath) && packageOfFolder(folder) === packageName,
    );
    if (folders.length === 0) {
      // Not a package here; `import a.b.C.*` brings in the nested classes of a class.
      return resolveClass(fromPath, segments);
    }
    const classFiles = folders.flatMap((folder) =>
      (javaByFolder.get(folder) ?? []).filter(
        (path) => !NOT_CLASSES.has(lastSegment(path)) && isInPackage(path, packageName),
      ),
    );
    if (classFiles.length === 0) {
      return { kind: 'unresolved', reason: `package ${packageName} (${folders.join(', ')}) has no .java files directly in it` };
    }
    return { kind: 'files', paths: classFiles.filter((path) => path !== fromPath) };
  };

  return (fromPath, imp) => {
    const segments = imp.specifier.split('.').filter((segment) => segment !== '');
    if (segments.length === 0) return { kind: 'external' };
    // A static wildcard names a class (its members), a plain wildcard names a package.
    if (imp.wildcard && !imp.isStatic) return resolvePackage(fromPath, segments);
    return resolveClass(fromPath, segments);
  };
};

/** Path arithmetic on repository paths: `/`-separated, relative to the root, and the root folder itself is ''. */

/** Folder of a repository path: 'src/a.ts' → 'src', 'a.ts' → ''. */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** `name` inside `folder`, without a leading '/' when the folder is the root. */
export function inFolder(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`;
}

/** Joins a relative path onto a folder, folding '.' and '..'; null when the result would climb above the root. */
export function joinRepoPath(folder: string, relative: string): string | null {
  const parts = folder === '' ? [] : folder.split('/');
  for (const segment of relative.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else {
      parts.push(segment);
    }
  }
  return parts.join('/');
}

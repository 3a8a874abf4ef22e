import { folderOf } from './repoPath';

/** Folder listings over repository paths, built once per resolver (path arithmetic itself lives in repoPath.ts). */

/** Files grouped by the folder that directly contains them, keeping only those `keep` accepts; each list is sorted. */
export function groupByFolder(paths: Iterable<string>, keep: (path: string) => boolean): Map<string, string[]> {
  const byFolder = new Map<string, string[]>();
  for (const path of paths) {
    if (!keep(path)) continue;
    const folder = folderOf(path);
    const list = byFolder.get(folder);
    if (list) list.push(path);
    else byFolder.set(folder, [path]);
  }
  for (const list of byFolder.values()) list.sort();
  return byFolder;
}

/** Every folder that holds at least one of `paths` somewhere below it, the root '' included when any path is given. */
export function ancestorFolders(paths: Iterable<string>): Set<string> {
  const folders = new Set<string>();
  for (const path of paths) {
    let folder = folderOf(path);
    // Stop at the first folder already seen: its ancestors were added with it.
    while (!folders.has(folder)) {
      folders.add(folder);
      if (folder === '') break;
      folder = folderOf(folder);
    }
  }
  return folders;
}

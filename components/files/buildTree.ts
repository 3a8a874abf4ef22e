import type { FileRow } from '@/lib/1-ingest/studio/queries';

export interface TreeFile extends FileRow {
  name: string;
}

export interface TreeFolder {
  /** Display name; chains of single-child folders are joined ("src/main/java"). */
  name: string;
  /** Full path of the folder ('' for the root). */
  path: string;
  folders: TreeFolder[];
  files: TreeFile[];
  /** Files anywhere below. */
  fileCount: number;
  /** Whether any file below is in a dependency cycle. */
  hasCycle: boolean;
}

/** Turns a flat, path-sorted file list into folders (first) and files, each sorted by name. */
export function buildTree(files: FileRow[]): TreeFolder {
  const root: TreeFolder = { name: '', path: '', folders: [], files: [], fileCount: 0, hasCycle: false };
  const folderIndex = new Map<string, TreeFolder>([['', root]]);
  const folderFor = (dirPath: string): TreeFolder => {
    const existing = folderIndex.get(dirPath);
    if (existing) return existing;
    const slash = dirPath.lastIndexOf('/');
    const parent = folderFor(slash === -1 ? '' : dirPath.slice(0, slash));
    const folder: TreeFolder = { name: dirPath.slice(slash + 1), path: dirPath, folders: [], files: [], fileCount: 0, hasCycle: false };
    parent.folders.push(folder);
    folderIndex.set(dirPath, folder);
    return folder;
  };
  for (const file of files) {
    const slash = file.path.lastIndexOf('/');
    const folder = folderFor(slash === -1 ? '' : file.path.slice(0, slash));
    folder.files.push({ ...file, name: file.path.slice(slash + 1) });
  }
  const finish = (folder: TreeFolder): TreeFolder => {
    folder.folders = folder.folders.map(finish).sort((a, b) => compareNames(a.name, b.name));
    folder.files.sort((a, b) => compareNames(a.name, b.name));
    folder.fileCount = folder.files.length + folder.folders.reduce((n, f) => n + f.fileCount, 0);
    folder.hasCycle = folder.files.some((f) => f.inCycle) || folder.folders.some((f) => f.hasCycle);
    // Join a folder that holds exactly one folder and no files with that folder.
    if (folder.path !== '' && folder.files.length === 0 && folder.folders.length === 1) {
      const only = folder.folders[0];
      return { ...only, name: `${folder.name}/${only.name}` };
    }
    return folder;
  };
  return finish(root);
}

function compareNames(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

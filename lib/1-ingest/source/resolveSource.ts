import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractArchive, type ArchiveLimits } from './archive';
import { cloneGit } from './git';

export type SourceKind = 'directory' | 'git' | 'archive';

export interface LocalSource {
  kind: SourceKind;
  /** The folder to walk. */
  dir: string;
  /** Commit SHA when the source is a git repository. */
  commitSha: string | null;
  /** A default repository name derived from the source. */
  suggestedName: string;
  /** Removes temporary folders (clones, extracted archives). */
  cleanup: () => void;
}

export interface SourceOptions {
  /** Branch or tag to clone from a git URL. */
  ref?: string;
  archiveLimits?: Partial<ArchiveLimits>;
}

const GIT_URL = /^(https?:\/\/|git:\/\/|ssh:\/\/|file:\/\/|[\w.-]+@[\w.-]+:)/;
const ARCHIVE = /\.(tar\.gz|tgz|zip)$/i;

/** Turns what the user gave (a folder, a git URL, an archive) into a local folder to ingest. */
export async function resolveSource(source: string, options: SourceOptions = {}): Promise<LocalSource> {
  if (GIT_URL.test(source) && !fs.existsSync(source)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-clone-'));
    try {
      const commitSha = cloneGit(source, dir, options.ref);
      return { kind: 'git', dir, commitSha, suggestedName: nameFromUrl(source), cleanup: () => removeTree(dir) };
    } catch (err) {
      removeTree(dir);
      throw err;
    }
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(source);
  } catch {
    throw new Error(`No such folder, archive or git URL: ${source}. Give a local folder, a .tar.gz/.tgz/.zip file, or a git URL (https://, ssh://, git@host:path, file://).`);
  }
  if (stat.isDirectory()) {
    const dir = path.resolve(source);
    return { kind: 'directory', dir, commitSha: headCommit(dir), suggestedName: path.basename(dir), cleanup: () => {} };
  }
  if (stat.isFile() && ARCHIVE.test(source)) {
    const target = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-archive-'));
    try {
      const dir = await extractArchive(source, target, options.archiveLimits);
      return {
        kind: 'archive',
        dir,
        commitSha: null,
        suggestedName: path.basename(source).replace(ARCHIVE, ''),
        cleanup: () => removeTree(target),
      };
    } catch (err) {
      removeTree(target);
      throw err;
    }
  }
  throw new Error(`${source} is a file but not an archive Retrace reads: use a .tar.gz, .tgz or .zip file, a folder, or a git URL.`);
}

/** HEAD of a folder that is itself the top of a git work tree, else null. */
function headCommit(dir: string): string | null {
  const top = spawnSync('git', ['-C', dir, 'rev-parse', '--show-toplevel', 'HEAD'], { encoding: 'utf8' });
  if (top.status !== 0) return null;
  const [toplevel, sha] = top.stdout.trim().split('\n');
  return toplevel && fs.realpathSync(toplevel) === fs.realpathSync(dir) && /^[0-9a-f]{40}$/.test(sha ?? '') ? sha : null;
}

function nameFromUrl(url: string): string {
  const last = url.replace(/\/+$/, '').split(/[/:]/).pop() ?? 'repository';
  return last.replace(/\.git$/, '') || 'repository';
}

function removeTree(dir: string) {
  fs.rmSync(dir, { recursive: true, force: true });
}

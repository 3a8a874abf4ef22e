import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import yauzl from 'yauzl';

export interface ArchiveLimits {
  /** Most entries an archive may hold. */
  maxEntries: number;
  /** Most bytes its files may add up to, uncompressed. */
  maxTotalBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { maxEntries: 200_000, maxTotalBytes: 2 * 1024 ** 3 };

/**
 * Extracts a .tar.gz/.tgz or .zip into `target` after checking every entry: no absolute or
 * `..` path, no link pointing outside, no devices, within the limits. An archive that breaks
 * a rule is refused whole, naming the entry. Returns the folder to ingest: the single
 * top-level folder when the archive has one (as GitHub's archives do), else `target`.
 */
export async function extractArchive(file: string, target: string, limits: Partial<ArchiveLimits> = {}): Promise<string> {
  const max = { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
  const name = path.basename(file);
  if (/\.zip$/i.test(file)) await extractZip(file, target, max, name);
  else await extractTarGz(file, target, max, name);
  const top = fs.readdirSync(target, { withFileTypes: true });
  return top.length === 1 && top[0].isDirectory() ? path.join(target, top[0].name) : target;
}

class ArchiveCheck {
  entries = 0;
  bytes = 0;
  constructor(private readonly limits: ArchiveLimits, private readonly archive: string) {}

  /** Normalised relative path of an entry, or throws. */
  entryPath(raw: string): string {
    const p = raw.replace(/\\/g, '/');
    if (p.startsWith('/') || /^[a-zA-Z]:/.test(p)) this.refuse(raw, 'has an absolute path');
    const normal = path.posix.normalize(p);
    if (normal === '..' || normal.startsWith('../')) this.refuse(raw, 'would be written outside the target folder');
    if (p.split('/').includes('..')) this.refuse(raw, "has a '..' path component");
    return normal;
  }

  linkTarget(entry: string, target: string, hard: boolean) {
    if (target.startsWith('/')) this.refuse(entry, `is a link to an absolute path (${target})`);
    const base = hard ? target : path.posix.join(path.posix.dirname(entry), target);
    const normal = path.posix.normalize(base);
    if (normal === '..' || normal.startsWith('../')) this.refuse(entry, `is a link pointing outside the archive (${target})`);
  }

  count(bytes: number) {
    this.entries++;
    this.bytes += bytes;
    if (this.entries > this.limits.maxEntries) {
      throw new Error(`${this.archive} has more than ${this.limits.maxEntries} entries; raise the limit (--max-archive-entries) if this is expected.`);
    }
    if (this.bytes > this.limits.maxTotalBytes) {
      throw new Error(`${this.archive} expands to more than ${this.limits.maxTotalBytes} bytes; raise the limit (--max-archive-bytes) if this is expected.`);
    }
  }

  refuse(entry: string, why: string): never {
    throw new Error(`Refusing ${this.archive}: entry "${entry}" ${why}. Nothing was extracted.`);
  }
}

async function extractTarGz(file: string, target: string, limits: ArchiveLimits, name: string) {
  const check = new ArchiveCheck(limits, name);
  let problem: Error | null = null;
  // First pass: read every header and refuse the archive before anything is written.
  try {
    await tar.t({
      file,
      strict: true,
      onReadEntry: (entry) => {
        if (problem) return;
        try {
          const p = check.entryPath(entry.path);
          if (entry.type === 'SymbolicLink') check.linkTarget(p, entry.linkpath ?? '', false);
          else if (entry.type === 'Link') check.linkTarget(p, entry.linkpath ?? '', true);
          else if (!['File', 'OldFile', 'ContiguousFile', 'Directory', 'GNUDumpDir'].includes(entry.type) && !/Header|Pax|Extended|NextFile/.test(entry.type)) {
            check.refuse(entry.path, `is a ${entry.type} entry, which a source archive should not hold`);
          }
          check.count(entry.size ?? 0);
        } catch (err) {
          problem = err as Error;
        }
      },
    });
  } catch (err) {
    throw new Error(`${name} is not a readable .tar.gz archive: ${(err as Error).message}`);
  }
  if (problem) throw problem;
  if (check.entries === 0) throw new Error(`${name} is not a readable .tar.gz archive: it holds no entries.`);
  await tar.x({ file, cwd: target, strict: true, preservePaths: false, noChmod: true, preserveOwner: false });
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: true, decodeStrings: false, validateEntrySizes: true }, (err, zip) =>
      err || !zip ? reject(err ?? new Error('cannot open')) : resolve(zip),
    ),
  );
}

async function extractZip(file: string, target: string, limits: ArchiveLimits, name: string) {
  const check = new ArchiveCheck(limits, name);
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(file);
  } catch (err) {
    throw new Error(`${name} is not a readable .zip archive: ${(err as Error).message}`);
  }
  const entries: { entry: yauzl.Entry; rel: string; kind: 'dir' | 'file' | 'symlink' }[] = [];
  // Gather and check every entry first, so a bad archive writes nothing.
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      try {
        // Names are decoded here, not by yauzl, so that bad ones meet our own refusal.
        const fileName = (entry.fileName as unknown as Buffer).toString('utf8');
        const rel = check.entryPath(fileName);
        const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
        const kind = fileName.endsWith('/') ? 'dir' : mode === 0o120000 ? 'symlink' : 'file';
        check.count(entry.uncompressedSize);
        entries.push({ entry, rel, kind });
        zip.readEntry();
      } catch (err) {
        zip.close();
        reject(err);
      }
    });
    zip.on('end', resolve);
    zip.on('error', (err: Error) => reject(new Error(`${name} is not a readable .zip archive: ${err.message}`)));
    zip.readEntry();
  });
  const reopened = await openZip(file);
  const read = (entry: yauzl.Entry) =>
    new Promise<NodeJS.ReadableStream>((resolve, reject) =>
      reopened.openReadStream(entry, (err, stream) => (err || !stream ? reject(err) : resolve(stream))),
    );
  try {
    for (const { entry, rel, kind } of entries) {
      const dest = path.join(target, rel);
      if (kind === 'dir') {
        fs.mkdirSync(dest, { recursive: true });
        continue;
      }
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      if (kind === 'symlink') {
        const chunks: Buffer[] = [];
        for await (const chunk of await read(entry)) chunks.push(chunk as Buffer);
        const linkTarget = Buffer.concat(chunks).toString('utf8');
        check.linkTarget(rel, linkTarget, false);
        fs.symlinkSync(linkTarget, dest);
      } else {
        await pipeline(await read(entry), fs.createWriteStream(dest, { flags: 'wx' }));
      }
    }
  } finally {
    reopened.close();
  }
}

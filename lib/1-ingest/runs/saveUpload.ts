import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { stateDir } from '../../platform/db/stateDir';
import { RequestError } from '../../platform/http/requestError';

/** Largest archive the studio accepts by upload (bytes); RETRACE_MAX_UPLOAD_BYTES overrides. */
export const maxUploadBytes = () => Number(process.env.RETRACE_MAX_UPLOAD_BYTES ?? 1024 ** 3);

export class UploadError extends RequestError {}

const ARCHIVE_NAME = /\.(tar\.gz|tgz|zip)$/i;

/** The archive's original name, checked: a plain file name ending in .tar.gz, .tgz or .zip. */
export function uploadFileName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new UploadError('The upload has no file name: send it as ?filename=NAME.tar.gz (or .tgz, .zip).');
  const name = path.basename(value.replaceAll('\\', '/')).slice(0, 200);
  if (!ARCHIVE_NAME.test(name)) throw new UploadError(`${name} is not a .tar.gz, .tgz or .zip archive. Pack the repository as one of those, or import its folder or git URL.`);
  return name;
}

/**
 * Streams a request body to a new file under RETRACE_HOME/uploads, never holding it in memory.
 * Over the size limit the partial file is removed and the upload refused.
 */
export async function saveUpload(body: WebReadableStream<Uint8Array> | null, fileName: string, limit = maxUploadBytes()): Promise<{ path: string; bytes: number }> {
  if (!body) throw new UploadError('The upload is empty: choose an archive file.');
  const dir = path.join(stateDir(), 'uploads');
  fs.mkdirSync(dir, { recursive: true });
  // Our own name on disk (keeping the extension the archive reader goes by); the original name is only recorded.
  const target = path.join(dir, `${randomUUID()}${fileName.match(ARCHIVE_NAME)![0].toLowerCase()}`);
  let bytes = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > limit) done(new UploadError(`The archive is larger than the upload limit of ${limit} bytes. Import it from a folder or git URL, or raise RETRACE_MAX_UPLOAD_BYTES.`));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(body), limiter, fs.createWriteStream(target, { flags: 'wx' }));
  } catch (err) {
    fs.rmSync(target, { force: true });
    throw err;
  }
  if (bytes === 0) {
    fs.rmSync(target, { force: true });
    throw new UploadError('The upload is empty: choose an archive file.');
  }
  return { path: target, bytes };
}

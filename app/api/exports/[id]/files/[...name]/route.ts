import fs from 'node:fs';
import { Readable } from 'node:stream';
import { prisma } from '@/lib/platform/db/client';
import { contentDispositionOf, contentTypeOf, exportFilePath } from '@/lib/5-export/runs/files';
import { isUuid } from '@/lib/platform/http/requestValues';

export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string; name: string[] }>;

/**
 * Downloads one file of a succeeded export (`README.md`, `data-00000.jsonl`, `atif/ID.json`),
 * streamed from disk as an attachment. 404 for anything not in that export's listing.
 */
export async function GET(_request: Request, { params }: { params: Params }): Promise<Response> {
  const { id, name: segments } = await params;
  const name = segments.join('/');
  const notFound = () => Response.json({ error: `No file ${JSON.stringify(name)} in export ${id}: open the export page for the list of its files.` }, { status: 404 });
  if (!isUuid(id)) return notFound();
  const run = await prisma().exportRun.findUnique({ where: { id }, select: { status: true } });
  if (run?.status !== 'succeeded') return notFound();
  const file = exportFilePath(id, name);
  if (!file) return notFound();
  const { size } = fs.statSync(file);
  const body = Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      'content-type': contentTypeOf(name),
      'content-disposition': contentDispositionOf(name),
      'content-length': String(size),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    },
  });
}

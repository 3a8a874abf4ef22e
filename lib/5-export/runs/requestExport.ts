import fs from 'node:fs';
import path from 'node:path';
import type { Prisma, PrismaClient } from '@prisma/client';
import type PgBoss from 'pg-boss';
import { ExportOptionsError, parseExportSettings, type ExportSettingsInput, type OptionLabel } from '../options';
import { explainEmptySelection, selectTrajectoryIds } from '../select';
import { TOKENIZER_NAMES } from '../tokenizers';
import { enqueue } from '../../platform/jobs/queue';
import { exportQueue } from '../../platform/jobs/queues';
import { RequestError } from '../../platform/http/requestError';

/** A request the studio refuses before anything is queued; the message says what to change. */
export class ExportRequestError extends RequestError {}

/** The studio's form names its fields in words, not flags. */
const FIELD_NAMES: Record<Parameters<OptionLabel>[0], string> = {
  status: 'The status filter',
  repository: 'The repository',
  'include-superseded': '"Include superseded"',
  limit: 'The limit',
  format: 'The format',
  tokenizer: 'The tokenizer',
  context: 'The context length',
  pad: '"Pad"',
  'with-text': '"With text"',
  atif: '"ATIF"',
};
const studioLabel: OptionLabel = (key) => FIELD_NAMES[key];
const STUDIO_WORDS = { chooseStatus: 'change the status filter', chooseAnotherStatus: 'choose another status', includeSuperseded: '"include superseded" is ticked' };

/**
 * The export options from the studio, checked by the same rules as `retrace export`; a
 * tokenizer.json must be given as an absolute path that exists on the studio's machine (the
 * worker reads it there).
 */
export function checkExportOptions(input: ExportSettingsInput) {
  let settings;
  try {
    settings = parseExportSettings(input, studioLabel);
  } catch (err) {
    if (err instanceof ExportOptionsError) throw new ExportRequestError(err.message);
    throw err;
  }
  if (!(TOKENIZER_NAMES as readonly string[]).includes(settings.tokenizer)) {
    const given = String(input.tokenizer);
    if (!path.isAbsolute(given)) throw new ExportRequestError(`Give the tokenizer.json as an absolute path on the studio's machine (got ${JSON.stringify(given.slice(0, 200))}).`);
    if (!fs.statSync(given, { throwIfNoEntry: false })?.isFile()) throw new ExportRequestError(`No file at ${given} on the studio's machine: check the path of the tokenizer.json.`);
  }
  return settings;
}

/**
 * Records an export and queues it; the returned row's id is what the page follows. Refused at
 * once (ExportRequestError) for bad options and for a selection that matches nothing, with the
 * same advice `retrace export` gives.
 */
export async function requestExport(prisma: PrismaClient, boss: PgBoss, request: { options: ExportSettingsInput; requestedById: string | null }) {
  const settings = checkExportOptions(request.options);
  const some = await selectTrajectoryIds(prisma, { ...settings, limit: 1 });
  if (some.length === 0) throw new ExportRequestError(await explainEmptySelection(prisma, settings, STUDIO_WORDS));
  const run = await prisma.exportRun.create({ data: { options: settings as unknown as Prisma.InputJsonValue, requestedById: request.requestedById } });
  try {
    const jobId = await enqueue(boss, exportQueue, { exportRunId: run.id });
    return await prisma.exportRun.update({ where: { id: run.id }, data: { jobId } });
  } catch (err) {
    await prisma.exportRun.update({ where: { id: run.id }, data: { status: 'failed', error: `Could not queue the export: ${(err as Error).message}`, finishedAt: new Date() } });
    throw err;
  }
}

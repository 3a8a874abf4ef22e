/**
 * The export options as people give them (command-line flags, the studio's form), checked once
 * here so `retrace export` and the studio refuse the same things with the same words.
 */
import path from 'node:path';
import { DEFAULT_CONTEXT } from './runExport';
import { isStatusFilter, type StatusFilter } from './select';
import { TOKENIZER_NAMES } from './tokenizers';
import { EXPORT_FORMATS, type ExportFormat } from './writers';

/** Options before checking: strings from a command line, or JSON values from the studio. */
export interface ExportSettingsInput {
  status?: unknown;
  repository?: unknown;
  includeSuperseded?: unknown;
  limit?: unknown;
  format?: unknown;
  tokenizer?: unknown;
  context?: unknown;
  pad?: unknown;
  withText?: unknown;
  atif?: unknown;
}

/** Everything an export needs except where it goes (`out`, `overwrite`). */
export interface ExportSettings {
  status: StatusFilter;
  repository?: string;
  includeSuperseded: boolean;
  limit?: number;
  format: ExportFormat;
  /** llama3, o200k, cl100k, or an absolute tokenizer.json path. */
  tokenizer: string;
  context: number;
  pad: boolean;
  withText: boolean;
  atif: boolean;
}

export class ExportOptionsError extends Error {}

const STATUS_HELP = 'approved, pending, rejected, needs_resynthesis or all';

/** How an option is named in messages: `--context` on the command line, `context` in the studio. */
export type OptionLabel = (key: 'status' | 'repository' | 'include-superseded' | 'limit' | 'format' | 'tokenizer' | 'context' | 'pad' | 'with-text' | 'atif') => string;

export const cliLabel: OptionLabel = (key) => `--${key}`;

function positive(raw: unknown, name: string): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1) throw new ExportOptionsError(`${name} takes a positive whole number, not ${JSON.stringify(raw)}.`);
  return n;
}

function flag(raw: unknown, name: string): boolean {
  if (raw === undefined || raw === null) return false;
  if (typeof raw !== 'boolean') throw new ExportOptionsError(`${name} is true or false, not ${JSON.stringify(raw)}.`);
  return raw;
}

/**
 * Checks and completes export options (defaults: approved, jsonl, llama3, 65,536 tokens). A
 * tokenizer that is not one of the named ones must be a `tokenizer.json` path; a relative path is
 * resolved against the current folder (the command line's; the studio asks for absolute paths).
 */
export function parseExportSettings(input: ExportSettingsInput, label: OptionLabel = cliLabel): ExportSettings {
  const status = input.status ?? 'approved';
  if (typeof status !== 'string' || !isStatusFilter(status)) throw new ExportOptionsError(`${label('status')} takes ${STATUS_HELP}, not ${JSON.stringify(status)}.`);
  const format = input.format ?? 'jsonl';
  if (typeof format !== 'string' || !(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new ExportOptionsError(`${label('format')} takes jsonl or parquet, not ${JSON.stringify(input.format)}.`);
  }
  let repository: string | undefined;
  if (input.repository !== undefined && input.repository !== null && input.repository !== '') {
    if (typeof input.repository !== 'string' || input.repository.includes('\0')) throw new ExportOptionsError(`${label('repository')} takes a repository name.`);
    repository = input.repository;
  }
  const tokenizerRaw = input.tokenizer ?? 'llama3';
  if (typeof tokenizerRaw !== 'string' || tokenizerRaw.trim() === '' || tokenizerRaw.includes('\0')) {
    throw new ExportOptionsError(`${label('tokenizer')} takes ${TOKENIZER_NAMES.join(', ')} or the path of a Hugging Face tokenizer.json.`);
  }
  const named = (TOKENIZER_NAMES as readonly string[]).includes(tokenizerRaw);
  if (!named && !tokenizerRaw.endsWith('.json')) {
    throw new ExportOptionsError(`Unknown tokenizer ${JSON.stringify(tokenizerRaw)}: ${label('tokenizer')} takes ${TOKENIZER_NAMES.join(', ')}, or the path of a Hugging Face tokenizer.json.`);
  }
  return {
    status,
    ...(repository ? { repository } : {}),
    includeSuperseded: flag(input.includeSuperseded, label('include-superseded')),
    ...(positive(input.limit, label('limit')) ? { limit: positive(input.limit, label('limit')) } : {}),
    format: format as ExportFormat,
    tokenizer: named ? tokenizerRaw : path.resolve(/*turbopackIgnore: true*/ tokenizerRaw),
    context: positive(input.context, label('context')) ?? DEFAULT_CONTEXT,
    pad: flag(input.pad, label('pad')),
    withText: flag(input.withText, label('with-text')),
    atif: flag(input.atif, label('atif')),
  };
}

import type { parseArgs } from 'node:util';

/** Options shared by every command; each command reads the ones it needs. */
export const OPTIONS = {
  json: { type: 'boolean' },
  name: { type: 'string' },
  ref: { type: 'string' },
  port: { type: 'string' },
  'max-file-bytes': { type: 'string' },
  'max-archive-entries': { type: 'string' },
  'max-archive-bytes': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type CliValues = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

export class UsageError extends Error {}

export function numberOption(values: CliValues, key: 'max-file-bytes' | 'port' | 'max-archive-entries' | 'max-archive-bytes'): number | undefined {
  const raw = values[key];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${key} takes a positive whole number, not "${raw}".`);
  return n;
}

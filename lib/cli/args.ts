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
  provider: { type: 'string' },
  model: { type: 'string' },
  'llm-base-url': { type: 'string' },
  'repeated-reads': { type: 'string' },
  seed: { type: 'string' },
  wait: { type: 'boolean' },
  search: { type: 'boolean' },
  scorer: { type: 'string' },
  'scorer-model': { type: 'string' },
  'scorer-base-url': { type: 'string' },
  'scorer-mode': { type: 'string' },
  'scorer-tokenizer': { type: 'string' },
  'scorer-context': { type: 'string' },
  'llm-context': { type: 'string' },
  proposer: { type: 'string' },
  'scorer-only': { type: 'boolean' },
  rounds: { type: 'string' },
  candidates: { type: 'string' },
  'dry-run': { type: 'boolean' },
  concurrency: { type: 'string' },
  role: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  status: { type: 'string' },
  repository: { type: 'string' },
  'include-superseded': { type: 'boolean' },
  limit: { type: 'string' },
  format: { type: 'string' },
  tokenizer: { type: 'string' },
  context: { type: 'string' },
  pad: { type: 'boolean' },
  'with-text': { type: 'boolean' },
  atif: { type: 'boolean' },
  out: { type: 'string' },
  overwrite: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  yes: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type CliValues = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

export class UsageError extends Error {}

type NumberKey = 'max-file-bytes' | 'port' | 'max-archive-entries' | 'max-archive-bytes' | 'seed' | 'concurrency' | 'rounds' | 'candidates' | 'scorer-context' | 'llm-context';

/** The search options of a command line, for resolveSearchConfig. */
/** The search's settings from the flags; the generation flags (--model, --llm-base-url) configure its proposer too. */
export function searchOptions(values: CliValues) {
  return {
    scorer: values.scorer,
    scorerModel: values['scorer-model'],
    scorerBaseUrl: values['scorer-base-url'],
    scorerMode: values['scorer-mode'],
    scorerTokenizer: values['scorer-tokenizer'],
    scorerContext: numberOption(values, 'scorer-context'),
    proposer: values.proposer ?? values.provider,
    proposerModel: values.model,
    proposerBaseUrl: values['llm-base-url'],
    proposerContext: numberOption(values, 'llm-context'),
    rounds: numberOption(values, 'rounds'),
    candidates: numberOption(values, 'candidates'),
    seed: numberOption(values, 'seed', { allowZero: true }),
  };
}

export function numberOption(values: CliValues, key: NumberKey, options: { allowZero?: boolean } = {}): number | undefined {
  const raw = values[key];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  const min = options.allowZero ? 0 : 1;
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${key} takes a ${min === 0 ? 'non-negative' : 'positive'} whole number, not "${raw}".`);
  return n;
}

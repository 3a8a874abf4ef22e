/**
 * The dataset card (README.md) and manifest.json of an export folder: what the data is, its
 * format (the flattened format and labels sections of lib/5-export/README.md, copied; a test keeps
 * them equal), the configuration, counts, token totals, and the provenance of every sample.
 */
import { IN_FORCE_RULE, type Provenance } from './select';

/** lib/5-export/README.md, sections "Tokens and labels" and "The flattened format", verbatim. */
export const FORMAT_SECTIONS = `## Tokens and labels

Each piece of the flattened text (a marker line, a block) is tokenized on its own. Every piece
ends with a newline and the next starts with \`<\`, where the Llama-3, o200k and cl100k
pre-tokenizers always split, so the ids are the same as the whole text's (tested) and no token
straddles the edge of a masked span. \`labels\` are the ids, except -100 for Observation pieces,
BOS and padding. EOS ends each trajectory and is trained on.

## Context length

Sequences hold at most \`--context\` tokens (65,536 by default). A longer trajectory is split at
sub-agent boundaries into parts that stand on their own: every later part starts with a context
that is loss-masked (it was trained on where it first appeared): the trajectory marker line, the
main agent's requirements and plan (when the plan takes more than a quarter of the context: its
entries for the files of this part), and a Read with the whole content of each file its
sub-agents read that was written in an earlier part. No part starts in the middle of a
sub-agent, except when one sub-agent alone is longer than a context: it is continued over parts
that repeat the trajectory and agent marker lines. \`repeatedTokens\`/\`repeatedChars\` in the sample
say how long the repeated context is. Only the last part ends with EOS. A single piece longer
than a context (a huge file) is cut between tokens. Shorter trajectories are packed greedily,
each as BOS + tokens + EOS, or padded to the context with \`--pad\`.

## The flattened format

One trajectory is one text: marker lines and block contents, in step order.

\`\`\`
<|trajectory repository="NAME" commit="SHA"|>
<|agent main|>
<|think|>
…requirements…
<|/think|>
<|action plan|>
…the plan as JSON…
<|/action|>
<|observation|>
…
<|/observation|>
<|agent sub path="src/a.ts"|>
<|think|>
…
<|/think|>
<|action read path="src/b.ts"|>
<|/action|>
<|observation|>
…the real content of src/b.ts (or its head and tail)…
<|/observation|>
<|action write path="src/a.ts"|>
…the real content of src/a.ts…
<|/action|>
<|observation|>
…
<|/observation|>
<|/trajectory|>
\`\`\`

- Every marker is a whole line. Attribute values are JSON strings, so quotes, backslashes and
  newlines in paths cannot end an attribute or a line.
- A block's content is the step's text followed by one newline (\`a\\n\` is written \`a\\n\\n\`).
- **Level.** Markers normally have one bar per side. If any content or attribute holds a \`<\`
  followed by bars (a file about this very format, a tokenizer's special tokens), every marker of
  that trajectory gets one bar more than the longest such run: \`<||think||>\`, and so on. No
  content can then contain a marker line, and a reader learns the level from the first line.
- **Loss mask.** Each Observation block, its two marker lines included, is masked; everything
  else — markers, Thinks, the plan, the written code — is trained on. \`maskedSpans\` gives the
  masked character ranges.
- A Think the CoT search rewrote is exported as the search left it (the latest succeeded search).
- Agents are announced when the speaker changes: the main agent once, then each sub-agent before
  its first step.
`;

export interface ExportConfiguration {
  format: 'jsonl' | 'parquet';
  tokenizer: string;
  context: number;
  pad: boolean;
  withText: boolean;
  atif: boolean;
  status: string;
  repository: string | null;
  includeSuperseded: boolean;
  limit: number | null;
  shardSequences: number;
}

export interface TokenTotals {
  /** Every token of every sequence (BOS, EOS and padding included). */
  total: number;
  /** Tokens whose label is the token itself (not -100). */
  trained: number;
  /** Observation tokens (label -100). */
  masked: number;
  /** BOS tokens and padding (label -100 too, not counted as masked). */
  bos: number;
  padding: number;
}

export interface SampleRecord extends Provenance {
  /** Tokens of the flattened trajectory (without BOS/EOS or repeated headers). */
  tokens: number;
  parts: number;
  /** Indexes of the sequences holding its parts (0-based, across shards in order). */
  sequences: number[];
}

export interface ExportManifest {
  retraceVersion: string;
  createdAt: string;
  configuration: ExportConfiguration;
  files: { data: string[]; atif: string[] };
  counts: {
    trajectories: number;
    sequences: number;
    splitTrajectories: number;
    parts: number;
    cutPieces: number;
    /** Reads of files written in an earlier part, repeated in a later part's context. */
    contextReads?: number;
    /** Such Reads that did not fit (a sub-agent longer than a part). */
    readsLeftOut?: number;
    /** Sub-agents longer than a part, continued over parts. */
    cutAgents?: number;
  };
  tokens: TokenTotals;
  samples: SampleRecord[];
}

const cell = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' '));
const n = (v: number) => v.toLocaleString('en-US');

/** Hugging Face's licence ids for the SPDX ones licence.ts names; mixed or unknown → other. */
function hubLicence(samples: SampleRecord[]): string {
  const ids = new Set(samples.map((s) => s.licence));
  if (ids.size !== 1) return 'other';
  const [only] = ids;
  return only === 'unknown' ? 'other' : only.toLowerCase();
}

/** `once (3 trajectories), full (1)`: the synthesis read policies of the exported trajectories. */
function readPolicies(samples: SampleRecord[]): string {
  const counts = new Map<string, number>();
  for (const s of samples) counts.set(s.repeatedReads, (counts.get(s.repeatedReads) ?? 0) + 1);
  const text = [...counts.entries()].map(([k, v], i) => `${k} (${n(v)}${i === 0 ? ` trajector${v === 1 ? 'y' : 'ies'}` : ''})`).join(', ');
  return `${text || '—'}; \`once\`: a file is shown in full at its first Read, later Reads show a reference to it (its declaration lines)`;
}

export function renderCard(m: ExportManifest): string {
  const c = m.configuration;
  const ext = c.format === 'jsonl' ? 'jsonl' : 'parquet';
  const share = (x: number) => (m.tokens.total ? ` (${((100 * x) / m.tokens.total).toFixed(1)}%)` : '');
  const lines = [
    '---',
    `license: ${hubLicence(m.samples)}`,
    'tags: [code, agent-trajectories, retrace]',
    'configs:',
    '- config_name: default',
    '  data_files:',
    '  - split: train',
    `    path: data-*.${ext}`,
    '---',
    '',
    '# Retrace export',
    '',
    `Development trajectories reconstructed by Retrace ${m.retraceVersion} from finished code repositories: a main agent's ` +
      'requirements and file-by-file plan, then one sub-agent per file thinking, reading the files it depends on and writing the real file. ' +
      `Each trajectory is flattened to one text, tokenized with \`${c.tokenizer}\` and packed into sequences of at most ${n(c.context)} tokens` +
      ` for language-model training. Made ${m.createdAt}.`,
    '',
    '## Files',
    '',
    `- ${m.files.data.map((f) => `\`${f}\``).join(', ') || 'no data file'}: one packed sequence per ${c.format === 'jsonl' ? 'line' : 'row'} with ` +
      '`input_ids`, `labels` (-100 where no loss is taken), `trajectory_ids` and `samples` (each trajectory part in the sequence: ' +
      '`trajectory_id`, `part` of `parts`, token offsets `start`–`end`, BOS included, end exclusive)' +
      (c.withText ? ', `text` (the sequence without BOS/EOS/padding) and `mask_spans` (masked `[start, end)` ranges of `text` in Unicode code points)' : '') +
      '.',
    ...(c.atif ? [`- \`atif/<trajectory id>.json\`: each trajectory in ATIF-v1.4 (Agent Trajectory Interchange Format) for other trajectory tools.`] : []),
    '- `manifest.json`: everything on this card, machine-readable.',
    '',
    c.format === 'parquet'
      ? "Read with `datasets.load_dataset('parquet', data_files='data-*.parquet')` or `pyarrow.parquet.read_table`."
      : "Read with `datasets.load_dataset('json', data_files='data-*.jsonl')` or line by line.",
    '',
    '## Configuration',
    '',
    '| setting | value |',
    '|---|---|',
    `| tokenizer | ${cell(c.tokenizer)} |`,
    `| context | ${n(c.context)} tokens |`,
    `| packing | ${c.pad ? 'greedy, each sequence padded to the context (label -100)' : 'greedy, sequences left short (no padding)'} |`,
    `| review status | ${cell(c.status)}${c.includeSuperseded ? ', superseded trajectories included' : `, trajectories in force only (${IN_FORCE_RULE})`} |`,
    `| repository filter | ${cell(c.repository)} |`,
    `| limit | ${cell(c.limit)} |`,
    `| format | ${c.format}${c.withText ? ' with text and mask spans' : ''}, ${n(c.shardSequences)} sequences per shard at most |`,
    `| Reads of files already in a trajectory | ${readPolicies(m.samples)} |`,
    `| Retrace version | ${m.retraceVersion} |`,
    `| created | ${m.createdAt} |`,
    '',
    '## Counts',
    '',
    '| what | count |',
    '|---|---|',
    `| trajectories | ${n(m.counts.trajectories)} |`,
    `| sequences | ${n(m.counts.sequences)} |`,
    `| trajectories split over several sequences | ${n(m.counts.splitTrajectories)} (${n(m.counts.parts)} part${m.counts.parts === 1 ? '' : 's'} in all) |`,
    `| later parts' context: Reads of files written in an earlier part (loss-masked) | ${n(m.counts.contextReads ?? 0)}${m.counts.readsLeftOut ? `, ${n(m.counts.readsLeftOut)} left out for lack of room` : ''} |`,
    `| sub-agents longer than a context, continued over parts | ${n(m.counts.cutAgents ?? 0)} |`,
    `| pieces longer than a context, cut between tokens | ${n(m.counts.cutPieces)} |`,
    `| tokens, all | ${n(m.tokens.total)} |`,
    `| tokens trained on | ${n(m.tokens.trained)}${share(m.tokens.trained)} |`,
    `| tokens masked (Observations) | ${n(m.tokens.masked)}${share(m.tokens.masked)} |`,
    `| BOS and padding tokens (label -100) | ${n(m.tokens.bos + m.tokens.padding)} |`,
    '',
    '## Provenance',
    '',
    'Every trajectory, with the repository and commit it was reconstructed from, the licence found in the repository (SPDX id, or unknown: check it before use), ' +
      'the synthesis run and model, and the latest review decision.',
    '',
    '| trajectory | repository | commit | licence | run | provider / model | decision | reviewer | decided | tokens | parts |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...m.samples.map((s) =>
      [s.trajectoryId, s.repository, s.commit, s.licence, s.runId, `${s.provider} / ${s.model}`, s.review?.decision ?? s.reviewState, s.review?.reviewer, s.review?.decidedAt, n(s.tokens), s.parts]
        .map(cell)
        .join(' | ')
        .replace(/^/, '| ')
        .concat(' |'),
    ),
    '',
    FORMAT_SECTIONS.replace(/^## /gm, '## Format: ').trimEnd(),
    '',
  ];
  return lines.join('\n');
}

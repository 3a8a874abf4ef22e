/**
 * How much of a file a Read observation shows. Measured in characters (UTF-16 code units, JavaScript
 * string length), not tokens: cutting by characters needs no tokenizer pass per line, and at the ~3.6
 * characters per Llama-3 token measured on TypeScript sources the default 44,000 characters is about
 * 12,000 tokens.
 *
 * A file of at most `maxChars` characters is shown whole. A longer one is cut at line ends:
 * - head: the longest run of whole lines from the start whose length is at most `headChars`
 *   (default: two thirds of `maxChars`, rounded down);
 * - tail: the longest run of whole lines from the end, not overlapping the head, whose length is at
 *   most `maxChars - headChars`;
 * - between them one marker line, `... [truncated by Retrace: N lines omitted; the file continues] ...`
 *   (ASCII: a scoring model's tokenizer may split `…` across tokens; older trajectories' `…` still parse)
 *   (`1 line omitted` for one), followed by `\n`.
 * "Lines" are split after each `\n`; the last line may lack one. A file that is one enormous line
 * therefore becomes the marker line alone.
 */

/**
 * What a Read of a file that is already in the trajectory shows. Every file a sub-agent reads was
 * written earlier in the same trajectory (its Write holds the whole file), so:
 * - `full`: every Read shows the file (truncated as below), however often it was shown before;
 * - `once`: the first Read of a file shows it; later Reads show a reference (see referenceObservation);
 * - `reference`: every Read shows a reference, since the Write already showed the whole file.
 */
export type RepeatedReads = 'full' | 'once' | 'reference';
export const REPEATED_READS: readonly RepeatedReads[] = ['full', 'once', 'reference'];

export interface ReadPolicy {
  /** Observations longer than this many characters are truncated (default 44,000; Infinity turns truncation off). */
  maxChars: number;
  /** Characters kept from the start (default: two thirds of maxChars); the rest of the allowance goes to the tail. */
  headChars?: number;
  /** Reads of files already in the trajectory (default `once`; chosen by `npm run bench -- trajectory`). */
  repeated?: RepeatedReads;
}

export const DEFAULT_READ_POLICY: ReadPolicy = { maxChars: 44_000, repeated: 'once' };

/** Most declaration lines a reference observation lists. */
export const MAX_REFERENCE_LINES = 24;

/** The first line of a reference observation. */
export function referenceMarker(path: string, lines: number, listed: number): string {
  return `... [${JSON.stringify(path)} (${lines} ${lines === 1 ? 'line' : 'lines'}) is shown in full earlier in this trajectory${listed ? '; the lines declaring what is used here:' : ''}] ...`;
}

const REFERENCE_LINE = /^(?:…|\.\.\.) \[("(?:[^"\\]|\\.)*") \((\d+) lines?\) is shown in full earlier in this trajectory(; the lines declaring what is used here:)?\] (?:…|\.\.\.)$/;

/**
 * A Read of a file already in the trajectory: the marker line (the path, the file's line count),
 * then whole lines of the file, in file order: the first lines of the declarations the reader uses
 * (1-based `lineNumbers`; at most MAX_REFERENCE_LINES), each followed by `\n`.
 */
export function referenceObservation(path: string, content: string, lineNumbers: readonly number[]): string {
  const lines = content.split('\n');
  const total = lineEnds(content).length;
  const picked = [...new Set(lineNumbers)].filter((n) => n >= 1 && n <= lines.length && lines[n - 1].trim() !== '').sort((a, b) => a - b).slice(0, MAX_REFERENCE_LINES);
  return `${referenceMarker(path, total, picked.length)}\n${picked.map((n) => `${lines[n - 1]}\n`).join('')}`;
}

/**
 * A reference observation of `content` read back: the path its marker names and the 1-based numbers
 * of the file lines it lists (in file order), or null when it is not one (another form, the wrong line
 * count, a line that is not a line of the file, lines out of order).
 */
export function parseReference(observation: string, content: string): { path: string; lines: number[] } | null {
  const nl = observation.indexOf('\n');
  if (nl < 0) return null;
  const match = REFERENCE_LINE.exec(observation.slice(0, nl));
  if (!match || Number(match[2]) !== lineEnds(content).length) return null;
  const path = JSON.parse(match[1]) as string;
  const rest = observation.slice(nl + 1);
  if (rest === '') return match[3] ? null : { path, lines: [] };
  if (!match[3] || !rest.endsWith('\n')) return null;
  const fileLines = content.split('\n');
  const lines: number[] = [];
  let at = 0;
  for (const line of rest.slice(0, -1).split('\n')) {
    while (at < fileLines.length && fileLines[at] !== line) at++;
    if (at === fileLines.length) return null;
    lines.push(++at);
  }
  return { path, lines };
}

/** Whether `observation` is a reference observation of `content` at `path` (see referenceObservation). */
export function isReferenceOf(observation: string, content: string, path: string): boolean {
  return parseReference(observation, content)?.path === path;
}

export function truncationMarker(omittedLines: number): string {
  return `... [truncated by Retrace: ${omittedLines} ${omittedLines === 1 ? 'line' : 'lines'} omitted; the file continues] ...`;
}

const MARKER_LINE = /^(?:…|\.\.\.) \[truncated by Retrace: (\d+) lines? omitted; the file continues\] (?:…|\.\.\.)\n/gm;

/** Line boundaries: the index after each `\n`, plus the end when the text does not end with one. */
function lineEnds(content: string): number[] {
  const ends: number[] = [];
  for (let i = content.indexOf('\n'); i !== -1; i = content.indexOf('\n', i + 1)) ends.push(i + 1);
  if (content.length > 0 && !content.endsWith('\n')) ends.push(content.length);
  return ends;
}

/** The observation a Read of `content` shows under `policy` (see the module comment). */
export function truncateObservation(content: string, policy: ReadPolicy = DEFAULT_READ_POLICY): string {
  const max = policy.maxChars;
  if (!(content.length > max)) return content;
  const headMax = Math.max(0, Math.min(max, policy.headChars ?? Math.floor((max * 2) / 3)));
  const tailMax = Math.max(0, max - headMax);
  const ends = lineEnds(content);
  // Head: lines [0, h).
  let h = 0;
  while (h < ends.length && ends[h] <= headMax) h++;
  const headEnd = h === 0 ? 0 : ends[h - 1];
  // Tail: lines [t, n), starts at ends[t - 1] (or 0).
  let t = ends.length;
  while (t > h) {
    const start = ends[t - 2] ?? 0;
    if (content.length - start > tailMax) break;
    t--;
  }
  const tailStart = t === ends.length ? content.length : (ends[t - 1] ?? 0);
  const omitted = t - h;
  return `${content.slice(0, headEnd)}${truncationMarker(omitted)}\n${content.slice(tailStart)}`;
}

/**
 * Whether `observation` is `content` or a truncation of it in the documented form (a head of whole
 * lines, the marker line with the right count, a tail of whole lines), under any policy.
 */
export function isObservationOf(observation: string, content: string): boolean {
  if (observation === content) return true;
  for (const match of observation.matchAll(MARKER_LINE)) {
    const head = observation.slice(0, match.index);
    const tail = observation.slice(match.index + match[0].length);
    if (!content.startsWith(head) || !content.endsWith(tail)) continue;
    if (head.length + tail.length >= content.length) continue;
    if (head.length > 0 && !head.endsWith('\n')) continue;
    const tailStart = content.length - tail.length;
    if (tailStart > 0 && tail.length > 0 && content[tailStart - 1] !== '\n') continue;
    if (lineEnds(content.slice(head.length, tailStart)).length === Number(match[1])) return true;
  }
  return false;
}

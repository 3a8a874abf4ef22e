/**
 * Step 6 of the method: a trajectory as one text, deterministic and unambiguous. The format
 * (README.md) is a sequence of marker lines and block contents; an Observation block, markers
 * included, is a masked span (trained on: nothing of it). Markers are `<|name attrs|>` at
 * "level" 1; when any content or attribute holds `<` followed by bars, every marker of the
 * trajectory gets one bar more than the longest such run, so no content can contain a marker.
 */
import type { SynthesizedTrajectory, TrajectoryStep } from '../2-synthesize/types';

export interface FlattenMeta {
  repository: string;
  commit: string | null;
}

/** A piece of the flattened text; `masked` pieces are Observation blocks. */
export interface FlatSegment {
  text: string;
  masked: boolean;
  /** The step this piece belongs to (-1 for the trajectory's opening and closing lines). */
  ordinal: number;
}

export interface Flattened {
  text: string;
  /** Consecutive pieces whose texts join to `text`. */
  segments: FlatSegment[];
  /** Character spans [start, end) of `text` that are masked. */
  maskedSpans: [number, number][];
  /** Bars per marker side (1 unless some content forced more). */
  level: number;
}

/** The longest run of `|` right after a `<` in any of the texts. */
export function longestBarRun(texts: Iterable<string>): number {
  let longest = 0;
  for (const text of texts) {
    for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
      let n = 0;
      while (text.charCodeAt(i + 1 + n) === 124 /* | */) n++;
      if (n > longest) longest = n;
    }
  }
  return longest;
}

/** Attribute values are JSON strings: quotes, backslashes and newlines in paths stay unambiguous. */
function attrs(values: Record<string, string | null | undefined>): string {
  return Object.entries(values)
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .map(([k, v]) => ` ${k}=${JSON.stringify(v)}`)
    .join('');
}

/** The text of a block's content: as given, ending with exactly one added newline. */
const body = (text: string) => `${text}\n`;

/** Thinks the latest search rewrote replace the originals (ordinal → final text). */
export type ThinkOverrides = ReadonlyMap<number, string>;

export function flattenTrajectory(t: SynthesizedTrajectory, meta: FlattenMeta, overrides: ThinkOverrides = new Map()): Flattened {
  const thinkText = (s: TrajectoryStep) => overrides.get(s.ordinal) ?? s.content;
  const level =
    1 +
    longestBarRun(
      (function* () {
        yield meta.repository;
        if (meta.commit) yield meta.commit;
        for (const s of t.steps) {
          yield s.kind === 'think' ? thinkText(s) : s.content;
          if (s.action) {
            yield s.action.content;
            if (s.action.path) yield s.action.path;
          }
          if (s.file) yield s.file;
        }
      })(),
    );
  const bars = '|'.repeat(level);
  const marker = (name: string, a: Record<string, string | null | undefined> = {}) => `<${bars}${name}${attrs(a)}${bars}>\n`;

  const segments: FlatSegment[] = [];
  const push = (text: string, masked: boolean, ordinal: number) => segments.push({ text, masked, ordinal });

  push(marker('trajectory', { repository: meta.repository, commit: meta.commit }), false, -1);
  let agent: string | null = null;
  for (const s of t.steps) {
    const key = s.agent === 'main' ? 'main' : `sub:${s.file}`;
    let text = '';
    if (key !== agent) {
      text += s.agent === 'main' ? marker('agent main') : marker('agent sub', { path: s.file });
      agent = key;
    }
    if (s.kind === 'think') {
      text += marker('think') + body(thinkText(s)) + marker('/think');
    } else if (s.kind === 'action' && s.action) {
      const content = s.action.type === 'read' ? '' : body(s.action.content);
      text += marker(`action ${s.action.type}`, { path: s.action.path }) + content + marker('/action');
    } else if (s.kind === 'observation') {
      if (text) push(text, false, s.ordinal);
      push(marker('observation') + body(s.content) + marker('/observation'), true, s.ordinal);
      continue;
    } else {
      throw new Error(`Step ${s.ordinal} is an action without its action: the trajectory is damaged; synthesize it again.`);
    }
    push(text, false, s.ordinal);
  }
  push(marker('/trajectory'), false, -1);

  let offset = 0;
  const maskedSpans: [number, number][] = [];
  for (const seg of segments) {
    if (seg.masked) maskedSpans.push([offset, offset + seg.text.length]);
    offset += seg.text.length;
  }
  return { text: segments.map((s) => s.text).join(''), segments, maskedSpans, level };
}

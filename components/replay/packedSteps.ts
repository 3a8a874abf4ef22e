/**
 * The outline's steps in a compact, columnar form for the page payload: a 2,000-step outline
 * as objects repeats every key 2,000 times and doubles the HTML the browser must parse before
 * the timeline is interactive. Paths are interned; flags are bits; previews are cut to what a
 * timeline row and the moment before a body arrives need (none for a Read or Write, whose row
 * shows its path). `unpackSteps` gives back StepOutline objects (with `truncated` set when the
 * preview was cut here).
 */
import type { StepOutline } from '@/lib/3-search/studio/trajectoryQueries';

/** Code points of a preview kept in the payload. */
export const PACKED_PREVIEW_CHARS = 64;

export interface PackedSteps {
  count: number;
  ordinal: number[];
  /** Interned paths (sub-agent files and action paths). */
  paths: string[];
  /** Index into paths, -1 for null. */
  file: number[];
  actionPath: number[];
  /** One character per step: agent m|s; kind t|a|o; action type -|p|r|w. */
  agent: string;
  kind: string;
  actionType: string;
  tokens: number[];
  /** Bits: 1 lossMasked, 2 truncated, 4 hasActionContent, 8 hasDraft, 16 searched. */
  flags: number[];
  preview: string[];
  /** NLL before and after for searched steps (0 otherwise; flag 16 says which). */
  nllBefore: number[];
  nllAfter: number[];
}

const KIND = { think: 't', action: 'a', observation: 'o' } as const;
const KIND_OF: Record<string, StepOutline['kind']> = { t: 'think', a: 'action', o: 'observation' };
const ACTION = { plan: 'p', read: 'r', write: 'w' } as const;
const ACTION_OF: Record<string, StepOutline['actionType']> = { '-': null, p: 'plan', r: 'read', w: 'write' };

function cut(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  const points = Array.from(text);
  return points.length <= max ? { text, cut: false } : { text: points.slice(0, max).join(''), cut: true };
}

export function packSteps(steps: readonly StepOutline[], previewChars = PACKED_PREVIEW_CHARS): PackedSteps {
  const pathIndex = new Map<string, number>();
  const paths: string[] = [];
  const intern = (p: string | null) => {
    if (p === null) return -1;
    let i = pathIndex.get(p);
    if (i === undefined) {
      i = paths.length;
      paths.push(p);
      pathIndex.set(p, i);
    }
    return i;
  };
  const packed: PackedSteps = { count: steps.length, ordinal: [], paths, file: [], actionPath: [], agent: '', kind: '', actionType: '', tokens: [], flags: [], preview: [], nllBefore: [], nllAfter: [] };
  const agent: string[] = [];
  const kind: string[] = [];
  const actionType: string[] = [];
  for (const s of steps) {
    const preview = s.kind === 'action' && s.actionPath !== null && (s.actionType === 'read' || s.actionType === 'write') ? { text: '', cut: s.preview !== '' } : cut(s.preview, previewChars);
    packed.ordinal.push(s.ordinal);
    packed.file.push(intern(s.file));
    packed.actionPath.push(intern(s.actionPath));
    agent.push(s.agent === 'main' ? 'm' : 's');
    kind.push(KIND[s.kind]);
    actionType.push(s.actionType ? ACTION[s.actionType] : '-');
    packed.tokens.push(s.tokens);
    packed.flags.push((s.lossMasked ? 1 : 0) | (s.truncated || preview.cut ? 2 : 0) | (s.hasActionContent ? 4 : 0) | (s.hasDraft ? 8 : 0) | (s.search ? 16 : 0));
    packed.preview.push(preview.text);
    packed.nllBefore.push(s.search?.nllBefore ?? 0);
    packed.nllAfter.push(s.search?.nllAfter ?? 0);
  }
  packed.agent = agent.join('');
  packed.kind = kind.join('');
  packed.actionType = actionType.join('');
  return packed;
}

export function unpackSteps(p: PackedSteps): StepOutline[] {
  const steps: StepOutline[] = new Array(p.count);
  for (let i = 0; i < p.count; i++) {
    const flags = p.flags[i];
    steps[i] = {
      ordinal: p.ordinal[i],
      agent: p.agent[i] === 'm' ? 'main' : 'sub',
      file: p.file[i] < 0 ? null : p.paths[p.file[i]],
      kind: KIND_OF[p.kind[i]],
      actionType: ACTION_OF[p.actionType[i]] ?? null,
      actionPath: p.actionPath[i] < 0 ? null : p.paths[p.actionPath[i]],
      tokens: p.tokens[i],
      lossMasked: (flags & 1) !== 0,
      preview: p.preview[i],
      truncated: (flags & 2) !== 0,
      hasActionContent: (flags & 4) !== 0,
      hasDraft: (flags & 8) !== 0,
      search: flags & 16 ? { nllBefore: p.nllBefore[i], nllAfter: p.nllAfter[i] } : null,
    };
  }
  return steps;
}

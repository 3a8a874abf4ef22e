/**
 * The grounding invariants of a synthesized trajectory, checked against the real structure. Returns
 * every violation found (empty = grounded), so tests, later stages and the studio can all use it.
 *
 * - shape: ordinals 0..n-1; the main agent's think → plan action → observation come first; then each
 *   planned file's sub-agent in plan order: think, (Read action, observation)*, think, Write action,
 *   observation; every step's `file` is its sub-agent's file (null for the main agent);
 * - plan: the plan action's content is the trajectory's plan as JSON, and the plan lists every source
 *   file exactly once, in the system's order;
 * - writes: every source file is written exactly once, by its own sub-agent, byte-identical to the file;
 *   nothing else is written;
 * - reads: a Read names a source file this file imports, that was written earlier; its observation is
 *   the file's content, its documented truncation, or a reference to it (readPolicy.ts: the marker line and
 *   whole lines of the file in order); a Read action's content is empty;
 * - order: for every import edge outside a cycle, the imported file is written before the importer;
 * - tokens: each step's tokens equal countTokens(content), plus countTokens(action.content) for writes
 *   and plans; the trajectory's tokenCount is their sum;
 * - loss mask: observations are loss-masked and nothing else is.
 */
import type { RepoStructure } from '../1-ingest/structure/extractStructure';
import { countTokens } from '../platform/tokens/countTokens';
import { planViolations } from './planValidation';
import { isObservationOf, isReferenceOf } from './readPolicy';
import type { SynthesizedTrajectory, TrajectoryStep } from './types';

export interface GroundingViolation {
  rule: 'shape' | 'plan' | 'write' | 'read' | 'order' | 'tokens' | 'loss-mask';
  /** The step concerned, if any. */
  ordinal: number | null;
  message: string;
}

export interface GroundingOptions {
  /** Skip the token recount (it tokenizes every step; the rest is cheap). */
  skipTokens?: boolean;
}

export function checkGrounding(structure: RepoStructure, t: SynthesizedTrajectory, options: GroundingOptions = {}): GroundingViolation[] {
  const out: GroundingViolation[] = [];
  const add = (rule: GroundingViolation['rule'], ordinal: number | null, message: string) => out.push({ rule, ordinal, message });
  const files = new Map(structure.files.map((f) => [f.path, f]));
  const sources = new Set(structure.order);
  const steps = t.steps;

  steps.forEach((s, i) => {
    if (s.ordinal !== i) add('shape', i, `step ${i} has ordinal ${s.ordinal}`);
    if (s.lossMasked !== (s.kind === 'observation')) add('loss-mask', s.ordinal, `${s.kind} step is ${s.lossMasked ? '' : 'not '}loss-masked`);
    if ((s.kind === 'action') !== (s.action !== null)) add('shape', s.ordinal, `${s.kind} step ${s.action ? 'has' : 'lacks'} an action`);
    if ((s.agent === 'main') !== (s.file === null)) add('shape', s.ordinal, `${s.agent} agent step has file ${JSON.stringify(s.file)}`);
  });

  if (!options.skipTokens) {
    // Texts repeat (a file read by many dependents); count each distinct text once per check.
    const memo = new Map<string, number>();
    const count = (text: string) => {
      let n = memo.get(text);
      if (n === undefined) {
        n = countTokens(text);
        memo.set(text, n);
      }
      return n;
    };
    let sum = 0;
    for (const s of steps) {
      const expected = count(s.content) + (s.action && (s.action.type === 'write' || s.action.type === 'plan') ? count(s.action.content) : 0);
      if (s.tokens !== expected) add('tokens', s.ordinal, `tokens ${s.tokens}, expected ${expected}`);
      sum += s.tokens;
    }
    if (t.tokenCount !== sum) add('tokens', null, `tokenCount ${t.tokenCount}, steps sum to ${sum}`);
  }

  // Main agent.
  const main = steps.filter((s) => s.agent === 'main');
  const kinds = (list: TrajectoryStep[]) => list.map((s) => (s.action ? `${s.kind}:${s.action.type}` : s.kind)).join(' ');
  if (kinds(steps.slice(0, 3)) !== 'think action:plan observation' || main.length !== 3) {
    add('shape', null, `the trajectory must open with the main agent's think, plan action and observation (got ${kinds(steps.slice(0, 3))}; ${main.length} main-agent steps)`);
  }
  const planStep = steps[1];
  if (planStep?.action?.type === 'plan') {
    if (planStep.action.path !== null) add('plan', planStep.ordinal, 'the plan action has a path');
    try {
      if (JSON.stringify(JSON.parse(planStep.action.content)) !== JSON.stringify(t.plan)) add('plan', planStep.ordinal, 'the plan action content is not the trajectory plan');
    } catch {
      add('plan', planStep.ordinal, 'the plan action content is not JSON');
    }
  }
  for (const v of planViolations(structure.order, t.plan)) add('plan', planStep?.ordinal ?? null, v);

  // Sub-agents, grouped into consecutive runs per file.
  const groups: { file: string; steps: TrajectoryStep[] }[] = [];
  for (const s of steps.slice(3)) {
    if (s.agent !== 'sub' || s.file === null) {
      add('shape', s.ordinal, 'main-agent step after the plan');
      continue;
    }
    const last = groups[groups.length - 1];
    if (last && last.file === s.file) last.steps.push(s);
    else groups.push({ file: s.file, steps: [s] });
  }
  const groupFiles = groups.map((g) => g.file);
  const planFiles = t.plan.files.map((f) => f.path);
  if (JSON.stringify(groupFiles) !== JSON.stringify(planFiles)) {
    add('shape', null, `sub-agents run for ${groupFiles.length} file groups that do not match the ${planFiles.length} planned files in order`);
  }

  const writtenAt = new Map<string, number>();
  const importsOf = new Map<string, Set<string>>();
  for (const e of structure.edges) {
    if (!importsOf.has(e.from)) importsOf.set(e.from, new Set());
    importsOf.get(e.from)!.add(e.to);
  }
  for (const g of groups) {
    const list = g.steps;
    const pattern = kinds(list);
    if (!/^think( action:read observation)* think action:write observation$/.test(pattern)) {
      add('shape', list[0].ordinal, `sub-agent for ${g.file} has steps "${pattern}"`);
    }
    for (let k = 0; k < list.length; k++) {
      const s = list[k];
      const a = s.action;
      if (!a) continue;
      if (a.type === 'plan') add('shape', s.ordinal, 'plan action in a sub-agent');
      if (a.type === 'write') {
        if (a.path !== s.file) add('write', s.ordinal, `sub-agent for ${s.file} writes ${a.path}`);
        if (a.path === null || !sources.has(a.path)) {
          add('write', s.ordinal, `writes ${JSON.stringify(a.path)}, which is not a source file`);
          continue;
        }
        if (writtenAt.has(a.path)) add('write', s.ordinal, `${a.path} is written more than once`);
        else writtenAt.set(a.path, s.ordinal);
        if (a.content !== files.get(a.path)!.content) add('write', s.ordinal, `written content of ${a.path} differs from the file`);
        if (s.content !== `Write(${a.path})`) add('shape', s.ordinal, `write action reads ${JSON.stringify(s.content)}`);
      }
      if (a.type === 'read') {
        if (a.content !== '') add('read', s.ordinal, 'a read action carries content');
        if (s.content !== `Read(${a.path})`) add('shape', s.ordinal, `read action reads ${JSON.stringify(s.content)}`);
        if (a.path === null || !sources.has(a.path)) {
          add('read', s.ordinal, `reads ${JSON.stringify(a.path)}, which is not a source file`);
          continue;
        }
        if (!writtenAt.has(a.path)) add('read', s.ordinal, `reads ${a.path} before it was written`);
        if (!importsOf.get(g.file)?.has(a.path)) add('read', s.ordinal, `${g.file} reads ${a.path}, which it does not import`);
        const obs = list[k + 1];
        if (!obs || obs.kind !== 'observation') add('read', s.ordinal, `read of ${a.path} has no observation`);
        else if (!isObservationOf(obs.content, files.get(a.path)!.content) && !isReferenceOf(obs.content, files.get(a.path)!.content, a.path)) add('read', obs.ordinal, `observation of ${a.path} is neither the file, its documented truncation, nor a reference to it`);
      }
    }
  }
  for (const p of structure.order) if (!writtenAt.has(p)) add('write', null, `${p} is never written`);

  // Dependency order outside cycles.
  const cycleOf = new Map<string, number>();
  structure.cycles.forEach((c, i) => c.forEach((p) => cycleOf.set(p, i)));
  for (const e of structure.edges) {
    if (e.from === e.to || !sources.has(e.from) || !sources.has(e.to)) continue;
    const cf = cycleOf.get(e.from);
    if (cf !== undefined && cf === cycleOf.get(e.to)) continue;
    const a = writtenAt.get(e.to);
    const b = writtenAt.get(e.from);
    if (a !== undefined && b !== undefined && a > b) add('order', b, `${e.from} is written before ${e.to}, which it imports`);
  }
  return out;
}

/**
 * Steps 2–4 of the method: the main agent plans, then one sub-agent per source file (in the system's
 * implementation order) thinks, reads the files it depends on that are already written, thinks about
 * the implementation and writes the real file. The step sequence is documented in README.md.
 */
import type { RepoStructure } from '../1-ingest/structure/extractStructure';
import { countLines } from '../1-ingest/structure/extractStructure';
import { countTokens } from '../platform/tokens/countTokens';
import { code, factsOf, importUse, isExported, joinAnd, topLevelSymbols, type RepoFacts } from './facts';
import { plural } from '../platform/format';
import { synthesizingFile } from './fileError';
import { mainAgentContextOf } from './mainAgentContext';
import { assertValidPlan, repairedAnything, repairPlan, type PlanRepair } from './planValidation';
import { DEFAULT_READ_POLICY, MAX_REFERENCE_LINES, referenceObservation, truncateObservation, type ReadPolicy } from './readPolicy';
import type { AgentModel, FileContext, Plan, StepAction, StepAgent, StepKind, SynthesizedTrajectory, TrajectoryStep } from './types';

export interface SynthesizeOptions {
  /** Called after each file's sub-agent finished (in completion order; `done` counts up to `total`). */
  onFileDone?(done: number, total: number): void;
  /** How Read observations are truncated (default: DEFAULT_READ_POLICY). */
  readPolicy?: ReadPolicy;
  /** Files whose sub-agent calls may run at once (default 8). The output order does not depend on it. */
  concurrency?: number;
  /** Called when a non-offline model's plan had to be repaired (see planValidation.ts). */
  onPlanRepair?(repair: PlanRepair): void;
}

/** The dependencies a file's sub-agent reads: source files it imports that come earlier in the order, in import order. */
export function readsFor(structure: RepoStructure, path: string): string[] {
  const facts = factsOf(structure);
  const at = facts.position.get(path);
  if (at === undefined) throw new Error(`${path} is not a source file of this structure`);
  return facts.links.get(path)!.dependencies.filter((d) => facts.position.get(d)! < at);
}

export function planJson(plan: Plan): string {
  return JSON.stringify(plan, null, 2);
}

/** The main agent's opening thought, derived from the requirements and the plan. */
export function mainThink(structure: RepoStructure, plan: Plan): string {
  const n = plan.files.length;
  const summary = plan.requirements
    .split('\n\n')
    .map((p) => p.trim())
    .find((p) => p && !p.startsWith('#'));
  const intro = summary ? (summary.length > 400 ? `${summary.replace(/\s+/g, ' ').slice(0, 399)}...` : summary.replace(/\s+/g, ' ')) : 'There is no description of the project to go on, only its structure.';
  if (n === 0) return `${intro}\n\nThere are no source files to implement, so the plan is empty.`;
  const paths = plan.files.map((f) => f.path);
  const start = joinAnd(paths.slice(0, 3).map(code));
  const end = n > 3 ? ` and ending with ${code(paths[n - 1])}` : '';
  const c = structure.cycles.length;
  const cycles = c ? ` ${c === 1 ? 'One group of files imports' : `${c} groups of files import`} each other; inside ${c === 1 ? 'it' : 'each group'} the order keeps references to files not yet written to a minimum.` : '';
  return `${intro}\n\nI'll plan all ${plural(n, 'source file')} bottom-up, each after the files it imports, starting with ${start}${end}.${cycles}`;
}

/**
 * The first lines of the declarations `reader` takes from `dependency` (by its import statements), or of
 * the dependency's exported (else all) top-level declarations when it takes everything or we cannot tell.
 */
export function usedDeclarationLines(facts: RepoFacts, reader: string, dependency: string): number[] {
  const dep = facts.files.get(dependency)!;
  const use = importUse(facts, facts.files.get(reader)!, dep);
  const top = topLevelSymbols(dep);
  const named = use.all ? [] : top.filter((s) => use.names.includes(s.name));
  const exported = top.filter((s) => isExported(s, dep.language));
  const chosen = named.length ? named : exported.length ? exported : top;
  return chosen.slice(0, MAX_REFERENCE_LINES).map((s) => s.startLine);
}

async function runPool(count: number, limit: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await work(i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker));
}

interface FileThoughts {
  purpose: string;
  implementation: string;
  draft?: string;
}

export async function synthesize(structure: RepoStructure, model: AgentModel, options: SynthesizeOptions = {}): Promise<SynthesizedTrajectory> {
  const policy = options.readPolicy ?? DEFAULT_READ_POLICY;
  const facts = factsOf(structure);
  const context = mainAgentContextOf(structure);

  let plan = await model.plan(context);
  if (model.offline) {
    assertValidPlan(structure.order, plan, `plan from ${model.model}`);
  } else {
    const repaired = repairPlan(structure, plan, context.readme);
    plan = repaired.plan;
    if (repairedAnything(repaired.repair)) options.onPlanRepair?.(repaired.repair);
  }

  // Sub-agents: model calls may overlap across files; results are kept by index.
  const order = structure.order;
  const thoughts: FileThoughts[] = new Array(order.length);
  let done = 0;
  await runPool(order.length, options.concurrency ?? 8, async (i) => {
    const path = order[i];
    const ctx: FileContext = { structure, plan, entry: plan.files[i], content: facts.files.get(path)!.content, dependencies: readsFor(structure, path) };
    thoughts[i] = await synthesizingFile(path, model.offline, async () => {
      const purpose = await model.thinkPurpose(ctx);
      const impl = await model.thinkImplementation(ctx);
      return { purpose, implementation: impl.think, ...(impl.draft !== undefined ? { draft: impl.draft } : {}) };
    });
    done++;
    options.onFileDone?.(done, order.length);
  });

  const steps: TrajectoryStep[] = [];
  const push = (agent: StepAgent, file: string | null, kind: StepKind, content: string, action: StepAction | null, tokens?: number) => {
    const step: TrajectoryStep = {
      ordinal: steps.length,
      agent,
      file,
      kind,
      action,
      content,
      tokens: tokens ?? countTokens(content) + (action && action.type !== 'read' ? countTokens(action.content) : 0),
      lossMasked: kind === 'observation',
    };
    steps.push(step);
    return step;
  };

  push('main', null, 'think', mainThink(structure, plan), null);
  push('main', null, 'action', `Plan(${plural(plan.files.length, 'file')})`, { type: 'plan', path: null, content: planJson(plan) });
  push('main', null, 'observation', plan.files.length ? `Plan recorded: ${plural(plan.files.length, 'file')} in implementation order.` : 'Plan recorded: no source files to write.', null);

  // Token counts of file contents and of their observations, once per file.
  const contentTokens = new Map<string, number>();
  const tokensOf = (path: string) => {
    let n = contentTokens.get(path);
    if (n === undefined) {
      n = countTokens(facts.files.get(path)!.content);
      contentTokens.set(path, n);
    }
    return n;
  };
  const observations = new Map<string, { text: string; tokens: number }>();
  const observationOf = (path: string) => {
    let obs = observations.get(path);
    if (!obs) {
      const content = facts.files.get(path)!.content;
      const text = truncateObservation(content, policy);
      obs = { text, tokens: text === content ? tokensOf(path) : countTokens(text) };
      observations.set(path, obs);
    }
    return obs;
  };
  // Files a Read has shown in full (or truncated) so far: under `once`, later Reads of them show a reference.
  const shown = new Set<string>();
  const repeated = policy.repeated ?? DEFAULT_READ_POLICY.repeated;
  order.forEach((path, i) => {
    const content = facts.files.get(path)!.content;
    const t = thoughts[i];
    push('sub', path, 'think', t.purpose, null);
    for (const dep of readsFor(structure, path)) {
      push('sub', path, 'action', `Read(${dep})`, { type: 'read', path: dep, content: '' });
      if (repeated === 'reference' || (repeated === 'once' && shown.has(dep))) {
        push('sub', path, 'observation', referenceObservation(dep, facts.files.get(dep)!.content, usedDeclarationLines(facts, path, dep)), null);
      } else {
        const obs = observationOf(dep);
        push('sub', path, 'observation', obs.text, null, obs.tokens);
        shown.add(dep);
      }
    }
    push('sub', path, 'think', t.implementation, null);
    const label = `Write(${path})`;
    const write = push('sub', path, 'action', label, { type: 'write', path, content }, countTokens(label) + tokensOf(path));
    if (t.draft !== undefined) write.draft = t.draft;
    push('sub', path, 'observation', `Wrote ${path} (${plural(countLines(content), 'line')}).`, null);
  });

  return {
    provider: model.provider,
    model: model.model,
    offline: model.offline,
    plan,
    steps,
    tokenCount: steps.reduce((n, s) => n + s.tokens, 0),
  };
}

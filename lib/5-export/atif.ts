/**
 * A trajectory as ATIF v1.4 (atifSchema.ts), for tools that read agent trajectories. The mapping:
 *
 * - step 1 is a `user` step stating the task (rebuild the repository at its commit);
 * - each Think opens an `agent` step whose `reasoning_content` is the Think (as the latest
 *   succeeded search left it);
 * - the actions after it become that step's `tool_calls` — `plan` (arguments: the plan),
 *   `read_file` ({path}), `write_file` ({path, content}: the real file) — and `message` lists them
 *   as written ("Write(src/a.ts)");
 * - each Observation is a result of the step's `observation`, tied to its call by `source_call_id`;
 * - an action with no Think before it in the same agent opens a step with an empty reasoning.
 *
 * `extra` on each step says which agent spoke (`main`, or `sub` with its `file`) and which Retrace
 * step ordinals it holds; the root `extra` carries the provenance.
 */
import type { SynthesizedTrajectory, TrajectoryStep } from '../2-synthesize/types';
import { ATIF_SCHEMA_VERSION, type AtifStep, type AtifToolCall, type AtifTrajectory } from './atifSchema';
import type { Provenance } from './select';

export interface AtifContext {
  provenance: Provenance;
  thinkOverrides?: ReadonlyMap<number, string>;
  retraceVersion: string;
}

const FUNCTION_OF = { plan: 'plan', read: 'read_file', write: 'write_file' } as const;

function argumentsOf(step: TrajectoryStep): Record<string, unknown> {
  const action = step.action!;
  if (action.type === 'plan') {
    try {
      const plan = JSON.parse(action.content);
      if (plan && typeof plan === 'object' && !Array.isArray(plan)) return plan as Record<string, unknown>;
    } catch {
      // A plan that is not a JSON object is passed as text.
    }
    return { plan: action.content };
  }
  if (action.type === 'read') return { path: action.path };
  return { path: action.path, content: action.content };
}

export function toAtif(t: SynthesizedTrajectory, context: AtifContext): AtifTrajectory {
  const { provenance: p } = context;
  const overrides = context.thinkOverrides ?? new Map<number, string>();
  const at = p.commit ? ` at commit ${p.commit}` : '';
  const steps: AtifStep[] = [
    {
      step_id: 1,
      source: 'user',
      message: `Implement the repository ${p.repository}${at}: first the requirements and a file-by-file plan, then each file in the plan's order.`,
      extra: { retrace: { kind: 'task' } },
    },
  ];
  type Open = AtifStep & { extra: { agent: string; file: string | null; retrace_ordinals: number[] } };
  let current: Open | null = null;
  let lastCall: string | null = null;
  const open = (s: TrajectoryStep, reasoning: string | null): Open => {
    const step: Open = {
      step_id: steps.length + 1,
      source: 'agent',
      model_name: t.model,
      message: '',
      ...(reasoning !== null ? { reasoning_content: reasoning } : {}),
      extra: { agent: s.agent, file: s.file, retrace_ordinals: [] },
    };
    steps.push(step);
    lastCall = null;
    return step;
  };
  const sameAgent = (s: TrajectoryStep) => current !== null && current.extra.agent === s.agent && current.extra.file === s.file;

  for (const s of t.steps) {
    if (s.kind === 'think') {
      current = open(s, overrides.get(s.ordinal) ?? s.content);
    } else if (s.kind === 'action' && s.action) {
      if (!current || !sameAgent(s)) current = open(s, null);
      const call: AtifToolCall = { tool_call_id: `call_${s.ordinal}`, function_name: FUNCTION_OF[s.action.type], arguments: argumentsOf(s) };
      (current.tool_calls ??= []).push(call);
      current.message = current.message ? `${current.message}\n${s.content}` : s.content;
      lastCall = call.tool_call_id;
    } else if (s.kind === 'observation') {
      if (!current || !sameAgent(s)) current = open(s, null);
      (current.observation ??= { results: [] }).results.push({ ...(lastCall ? { source_call_id: lastCall } : {}), content: s.content });
    } else {
      throw new Error(`Step ${s.ordinal} is an action without its action: the trajectory is damaged; synthesize it again.`);
    }
    current.extra.retrace_ordinals.push(s.ordinal);
  }

  return {
    schema_version: ATIF_SCHEMA_VERSION,
    session_id: p.trajectoryId,
    agent: { name: 'retrace', version: context.retraceVersion, model_name: t.model, extra: { provider: p.provider, offline: t.offline } },
    steps,
    notes:
      'A development trajectory reconstructed by Retrace from a finished repository: a main agent writes the requirements and a file-by-file plan, ' +
      'then one sub-agent per file thinks, reads the files it depends on and writes the real file. Reads observe and writes contain the real code.',
    final_metrics: { total_steps: steps.length, extra: { retrace_steps: t.steps.length, llama3_tokens: t.tokenCount } },
    extra: {
      trajectory_id: p.trajectoryId,
      repository: p.repository,
      commit: p.commit,
      licence: p.licence,
      run_id: p.runId,
      provider: p.provider,
      model: p.model,
      review_state: p.reviewState,
      review: p.review,
      search_run_id: p.searchRunId,
      plan: t.plan.files.map((f) => f.path),
    },
  };
}

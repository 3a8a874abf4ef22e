/** The `retrace synthesize --dry-run --json` contract: a trajectory as plain JSON, keys in a fixed order. */
import type { SynthesizedTrajectory } from './types';

export interface DryRunJson {
  provider: string;
  model: string;
  plan: { requirements: string; files: { path: string; purpose: string; needs: string; keySymbols: string[] }[] };
  steps: {
    ordinal: number;
    agent: string;
    file: string | null;
    kind: string;
    action: { type: string; path: string | null; content: string } | null;
    content: string;
    tokens: number;
  }[];
}

export function dryRunJson(t: SynthesizedTrajectory): DryRunJson {
  return {
    provider: t.provider,
    model: t.model,
    plan: {
      requirements: t.plan.requirements,
      files: t.plan.files.map((f) => ({ path: f.path, purpose: f.purpose, needs: f.needs, keySymbols: [...f.keySymbols] })),
    },
    steps: t.steps.map((s) => ({
      ordinal: s.ordinal,
      agent: s.agent,
      file: s.file,
      kind: s.kind,
      action: s.action ? { type: s.action.type, path: s.action.path, content: s.action.content } : null,
      content: s.content,
      tokens: s.tokens,
    })),
  };
}

/** The trajectory shapes the agents produce and everything downstream (storage, studio, export) reads. */
import type { RepoStructure } from '../1-ingest/structure/extractStructure';

export type StepAgent = 'main' | 'sub';
export type StepKind = 'think' | 'action' | 'observation';
export type ActionType = 'plan' | 'read' | 'write';

export interface StepAction {
  type: ActionType;
  /** The file read or written; null for the plan. */
  path: string | null;
  /** Write: the full real content of the file. Read: empty (the content is the observation). Plan: the plan as JSON. */
  content: string;
}

export interface TrajectoryStep {
  ordinal: number;
  agent: StepAgent;
  /** The sub-agent's file; null for the main agent. */
  file: string | null;
  kind: StepKind;
  action: StepAction | null;
  /** Think text; for an action, the action as written ("Read(src/a.ts)"); for an observation, what was observed. */
  content: string;
  /** Llama-3 tokens of content (plus action content for writes and plans). */
  tokens: number;
  /** Observations are loss-masked in the exported data. */
  lossMasked: boolean;
  /** An LLM's own draft of a written file, kept for inspection only. */
  draft?: string;
}

export interface PlanFile {
  path: string;
  purpose: string;
  /** What the file needs from earlier files. */
  needs: string;
  keySymbols: string[];
}

export interface Plan {
  /** Markdown project requirements. */
  requirements: string;
  /** One entry per source file, in implementation order. */
  files: PlanFile[];
}

export interface SynthesizedTrajectory {
  provider: 'offline' | 'openai';
  model: string;
  offline: boolean;
  plan: Plan;
  steps: TrajectoryStep[];
  tokenCount: number;
}

/** What the main agent is given: the real structure, compressed to a budget. */
export interface MainAgentContext {
  structure: RepoStructure;
  /** The first part of the README, if any. */
  readme: string | null;
}

/** What a sub-agent is given for one file. */
export interface FileContext {
  structure: RepoStructure;
  plan: Plan;
  entry: PlanFile;
  /** The file's real content (the generation model may see it; it never replaces it). */
  content: string;
  /** Dependencies already written, in the order they are read. */
  dependencies: string[];
}

/**
 * The model behind the agents: offline (deterministic, grounded in the structure) or an LLM.
 * It only ever writes reasoning and descriptions; file contents always come from the repository.
 */
export interface AgentModel {
  readonly provider: 'offline' | 'openai';
  readonly model: string;
  readonly offline: boolean;
  plan(context: MainAgentContext): Promise<Plan>;
  thinkPurpose(context: FileContext): Promise<string>;
  thinkImplementation(context: FileContext): Promise<{ think: string; draft?: string }>;
}

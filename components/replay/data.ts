/**
 * What the replay page hands its client components: a trajectory outline as plain JSON (dates
 * as ISO strings, steps packed into columns, see packedSteps.ts), built once on the server so
 * the first render needs no second round trip.
 */
import type { PlanEntryRow, SearchSummary, TrajectoryOutline } from '@/lib/3-search/studio/trajectoryQueries';
import type { TrajectoryFacts } from '@/lib/3-search/studio/trajectoryFacts';
import { packSteps, type PackedSteps } from './packedSteps';

export type { StepOutline } from '@/lib/3-search/studio/trajectoryQueries';

export interface ReplaySearch extends Omit<SearchSummary, 'createdAt'> {
  createdAt: string;
}

export interface ReplayData {
  id: string;
  repositoryName: string;
  snapshotId: string;
  commitSha: string | null;
  provider: string;
  model: string;
  offline: boolean;
  repeatedReads: string;
  createdAt: string;
  stepCount: number;
  tokenCount: number;
  requirements: string;
  plan: PlanEntryRow[];
  search: ReplaySearch | null;
  /** Unpack with unpackSteps (once, on the client). */
  packedSteps: PackedSteps;
  /** What the summary header needs beyond the steps (components/replay/summary.ts). */
  facts: TrajectoryFacts;
}

export function toReplayData(outline: TrajectoryOutline): ReplayData {
  return {
    id: outline.id,
    repositoryName: outline.repositoryName,
    snapshotId: outline.snapshotId,
    commitSha: outline.commitSha,
    provider: outline.provider,
    model: outline.model,
    offline: outline.offline,
    repeatedReads: outline.repeatedReads,
    createdAt: outline.createdAt.toISOString(),
    stepCount: outline.stepCount,
    tokenCount: outline.tokenCount,
    requirements: outline.requirements,
    plan: outline.plan,
    search: outline.search ? { ...outline.search, createdAt: outline.search.createdAt.toISOString() } : null,
    packedSteps: packSteps(outline.steps),
    facts: outline.facts,
  };
}

/** The index of the step with this ordinal (steps are sorted by ordinal), or -1. */
export function indexOfOrdinal(steps: readonly { ordinal: number }[], ordinal: number): number {
  let lo = 0;
  let hi = steps.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const o = steps[mid].ordinal;
    if (o === ordinal) return mid;
    if (o < ordinal) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * The step index a `?step=` value asks for: its ordinal's index, clamped to the last step for
 * an ordinal past the end; 0 for a missing or invalid value (or an empty trajectory).
 */
export function initialStepIndex(steps: readonly { ordinal: number }[], param: string | string[] | undefined): number {
  const raw = Array.isArray(param) ? param[0] : param;
  if (steps.length === 0 || raw === undefined || !/^\d{1,10}$/.test(raw.trim())) return 0;
  const ordinal = Number(raw.trim());
  const exact = indexOfOrdinal(steps, ordinal);
  if (exact >= 0) return exact;
  if (ordinal > steps[steps.length - 1].ordinal) return steps.length - 1;
  // A gap in the ordinals: the first step after it.
  const after = steps.findIndex((s) => s.ordinal > ordinal);
  return after < 0 ? 0 : after;
}

/**
 * The summary header of a trajectory (replay page and review focus view): what a reviewer needs
 * to judge a 2,000-step trajectory without reading step 0 onwards. Each figure carries the
 * ordinals of the steps behind it, so a click can go to them.
 */
import type { StoredPlanRepair } from '@/lib/2-synthesize/runs/storeTrajectory';
import type { TrajectoryFacts } from '@/lib/3-search/studio/trajectoryFacts';
import type { PlanEntryRow, StepOutline } from '@/lib/3-search/studio/trajectoryQueries';
import { formatCount, plural } from '@/lib/platform/format';
import { formatDelta, formatNll } from './format';

export interface SummaryFigure {
  key: string;
  label: string;
  value: string;
  /** What the value counts, in a sentence (the tooltip). */
  title: string;
  /** The steps behind the figure, in order; empty when there is nothing to go to. */
  ordinals: number[];
  /** A figure a reviewer should look at (an unplanned file, a repaired plan, leaking candidates). */
  warn?: boolean;
}

export interface WorstFile {
  file: string;
  nllBefore: number;
  nllAfter: number;
  /** The file's Write (where the training view shows its tokens), else its searched Think. */
  ordinal: number;
}

export interface TrajectorySummary {
  figures: SummaryFigure[];
  /** Searched files with the highest NLL after search, worst first (at most WORST_FILES). */
  worstFiles: WorstFile[];
}

export const WORST_FILES = 5;

type SummaryStep = Pick<StepOutline, 'ordinal' | 'agent' | 'file' | 'kind' | 'actionType' | 'actionPath' | 'tokens' | 'lossMasked' | 'search'>;


/** "2 unknown paths dropped, 1 missing file filled in, re-asked once" (empty when nothing was repaired). */
export function planRepairText(r: StoredPlanRepair): string {
  const parts: string[] = [];
  if (r.unknown.length) parts.push(`${plural(r.unknown.length, 'unknown path')} dropped`);
  if (r.duplicates.length) parts.push(`${plural(r.duplicates.length, 'duplicate')} dropped`);
  if (r.missing.length) parts.push(`${plural(r.missing.length, 'missing file')} filled in`);
  if (r.normalized.length) parts.push(`${plural(r.normalized.length, 'path')} normalized`);
  if (r.reordered) parts.push('put in implementation order');
  if (r.unknownSymbols) parts.push(`${plural(r.unknownSymbols, 'unknown key symbol')} dropped`);
  if (r.filledFields) parts.push(`${plural(r.filledFields, 'empty field')} filled in`);
  if (r.reasked) parts.push('the model was asked again');
  return parts.join(', ');
}

export function trajectorySummary(steps: readonly SummaryStep[], plan: readonly PlanEntryRow[], facts: TrajectoryFacts, offline: boolean): TrajectorySummary {
  const writes = steps.filter((s) => s.kind === 'action' && s.actionType === 'write');
  const writeOf = new Map(writes.map((s) => [s.actionPath, s.ordinal]));
  const masked = steps.filter((s) => s.lossMasked);
  const trainedTokens = steps.reduce((sum, s) => sum + (s.lossMasked ? 0 : s.tokens), 0);
  const maskedTokens = steps.reduce((sum, s) => sum + (s.lossMasked ? s.tokens : 0), 0);
  const planStep = steps.find((s) => s.kind === 'action' && s.actionType === 'plan');
  const planOrdinals = planStep ? [planStep.ordinal] : [];
  const planned = new Set(plan.map((p) => p.path));
  const unplanned = facts.sourceFiles.filter((f) => !planned.has(f));
  const repairText = facts.planRepair ? planRepairText(facts.planRepair) : '';

  const figures: SummaryFigure[] = [
    { key: 'files', label: 'Files', value: formatCount(writes.length), title: `${plural(writes.length, 'file')} written, one sub-agent each: a click goes to the next Write`, ordinals: writes.map((s) => s.ordinal) },
    { key: 'steps', label: 'Steps', value: formatCount(steps.length), title: `${plural(steps.filter((s) => s.kind === 'think').length, 'Think')}, ${plural(steps.filter((s) => s.actionType === 'read').length, 'Read')}, ${plural(writes.length, 'Write')}`, ordinals: [] },
    { key: 'trained', label: 'Tokens trained', value: formatCount(trainedTokens), title: 'Tokens of Thinks, actions and written code: trained on in the flattened sample', ordinals: [] },
    { key: 'masked', label: 'Tokens masked', value: formatCount(maskedTokens), title: `Tokens of ${plural(masked.length, 'Observation')}: loss-masked in the flattened sample; a click goes to the next one`, ordinals: masked.map((s) => s.ordinal) },
    {
      key: 'plan',
      label: 'Plan',
      value: `${formatCount(facts.sourceFiles.length - unplanned.length)} of ${formatCount(facts.sourceFiles.length)} source files`,
      title: unplanned.length ? `Not in the plan: ${unplanned.slice(0, 5).join(', ')}${unplanned.length > 5 ? ` and ${formatCount(unplanned.length - 5)} more` : ''}` : 'The plan covers every source file of the snapshot',
      ordinals: planOrdinals,
      warn: unplanned.length > 0,
    },
    {
      key: 'repairs',
      label: 'Plan repairs',
      value: repairText ? 'repaired' : 'none',
      title: repairText ? `The model's plan was repaired: ${repairText}` : offline ? 'The offline plan is valid by construction' : 'The model\u2019s plan needed no repair',
      ordinals: planOrdinals,
      warn: repairText !== '',
    },
  ];

  const searched = steps.filter((s) => s.search !== null);
  const worstFiles: WorstFile[] = [];
  if (searched.length) {
    const improved = searched.filter((s) => s.search!.nllAfter < s.search!.nllBefore);
    const mean = (f: (s: SummaryStep) => number) => searched.reduce((sum, s) => sum + f(s), 0) / searched.length;
    const before = mean((s) => s.search!.nllBefore);
    const after = mean((s) => s.search!.nllAfter);
    const rejectedAt = (kind: TrajectoryFacts['rejections'][number][1]) => {
      const hits = facts.rejections.filter(([, k]) => k === kind);
      return { count: hits.length, ordinals: [...new Set(hits.map(([o]) => o))] };
    };
    const leakage = rejectedAt('leakage');
    const repetition = rejectedAt('repetition');
    figures.push(
      { key: 'improved', label: 'Steps improved', value: `${formatCount(improved.length)} of ${formatCount(searched.length)}`, title: 'Searched Thinks whose kept rewrite lowers the NLL of the real code: a click goes to the next one', ordinals: improved.map((s) => s.ordinal) },
      { key: 'nll', label: 'Mean NLL', value: `${formatNll(before)} → ${formatNll(after)} (${formatDelta(before, after)})`, title: 'Mean NLL of the real code over the searched Thinks, before and after search', ordinals: searched.map((s) => s.ordinal) },
      { key: 'leakage', label: 'Rejected: leaking', value: formatCount(leakage.count), title: `Candidates turned away for copying the target code, in ${plural(leakage.ordinals.length, 'step')}`, ordinals: leakage.ordinals, warn: leakage.count > 0 },
      { key: 'repetition', label: 'Rejected: repeating', value: formatCount(repetition.count), title: `Candidates turned away for repeating a block of themselves, in ${plural(repetition.ordinals.length, 'step')}`, ordinals: repetition.ordinals, warn: repetition.count > 0 },
    );
    const ranked = [...searched].sort((a, b) => b.search!.nllAfter - a.search!.nllAfter || a.ordinal - b.ordinal);
    for (const s of ranked.slice(0, WORST_FILES)) worstFiles.push({ file: s.file!, nllBefore: s.search!.nllBefore, nllAfter: s.search!.nllAfter, ordinal: writeOf.get(s.file) ?? s.ordinal });
  }
  return { figures, worstFiles };
}

/** The next of `ordinals` after the current step's, wrapping to the first: repeated clicks walk through them. */
export function nextOrdinal(ordinals: readonly number[], current: number): number | null {
  if (ordinals.length === 0) return null;
  return ordinals.find((o) => o > current) ?? ordinals[0];
}

/**
 * What a search achieved, in a few figures: how many searched steps it improved and by how much, and
 * how many candidates were turned away before scoring, by reason. From search results or stored rows.
 */

export interface SearchFigures {
  searchedSteps: number;
  /** Steps whose final Think has a lower NLL than the original. */
  improvedSteps: number;
  /** Mean of nllBefore − nllAfter over the improved steps (null when none improved). */
  meanImprovement: number | null;
  /** Candidates rejected before scoring: copies of the target, repeats of themselves, others (empty, duplicates). */
  rejected: { leakage: number; repetition: number; other: number };
}

/** Why a candidate was turned away before scoring, by kind; null for one that was scored, accepted, or cut by the budget. */
export function rejectionKind(c: { nll: number | null; rejectedBecause: string | null }): keyof SearchFigures['rejected'] | null {
  if (c.nll !== null || c.rejectedBecause === null || c.rejectedBecause.startsWith('not scored')) return null;
  if (c.rejectedBecause.startsWith('leaks the target')) return 'leakage';
  if (c.rejectedBecause.startsWith('repeats itself')) return 'repetition';
  return 'other';
}

export function searchFigures(steps: readonly { nllBefore: number; nllAfter: number; candidates: readonly { nll: number | null; rejectedBecause: string | null }[] }[]): SearchFigures {
  const improved = steps.filter((s) => s.nllAfter < s.nllBefore);
  const rejected = { leakage: 0, repetition: 0, other: 0 };
  for (const s of steps)
    for (const c of s.candidates) {
      const kind = rejectionKind(c);
      if (kind) rejected[kind]++;
    }
  return {
    searchedSteps: steps.length,
    improvedSteps: improved.length,
    meanImprovement: improved.length ? improved.reduce((n, s) => n + (s.nllBefore - s.nllAfter), 0) / improved.length : null,
    rejected,
  };
}

/** `12 of 20 steps improved (mean NLL −0.084); rejected before scoring: 3 leaking, 2 repeating, 1 other`. */
export function searchFiguresText(f: SearchFigures): string {
  const gain = f.meanImprovement === null ? '' : ` (mean NLL −${f.meanImprovement.toFixed(3)})`;
  return `${f.improvedSteps} of ${f.searchedSteps} steps improved${gain}; rejected before scoring: ${f.rejected.leakage} leaking the target, ${f.rejected.repetition} repeating themselves, ${f.rejected.other} other`;
}

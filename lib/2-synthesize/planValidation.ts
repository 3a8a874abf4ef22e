/**
 * Plan validation and deterministic repair. The system's implementation order (`structure.order`) is
 * authoritative: a valid plan has exactly one entry per source file, no other paths, in that order.
 *
 * Repair (for LLM plans; an offline plan that needs it is a bug and is rejected instead):
 * 1. paths are normalized (`\` → `/`, leading `./` and `/` dropped, surrounding whitespace trimmed);
 * 2. entries whose path is not a source file are dropped (`unknown`);
 * 3. for a path listed more than once, the first entry wins and the others are dropped (`duplicates`);
 * 4. the kept entries are put in the system's order (`reordered` says whether that changed anything);
 * 5. source files the plan left out get the offline model's entry (`missing`);
 * 6. within kept entries, empty `purpose` / `needs` are filled from the offline entry (`filledFields`),
 *    and `keySymbols` that are not symbols of the file's outline are dropped (`unknownSymbols`); a file
 *    left with no key symbols although its outline has some gets the offline ones;
 * 7. empty requirements are replaced by the offline requirements (`filledFields` counts it too).
 */
import type { RepoStructure } from '../1-ingest/structure/extractStructure';
import { offlinePlanEntry, offlineRequirements } from './offlineModel';
import type { Plan, PlanFile } from './types';

export interface PlanRepair {
  /** Paths (as the plan wrote them) that are not source files of the repository. */
  unknown: string[];
  /** Paths listed more than once (each repeat counted once). */
  duplicates: string[];
  /** Source files the plan left out, filled from the offline model. */
  missing: string[];
  /** Paths that only matched after normalization. */
  normalized: string[];
  /** The kept entries were not in the system's order. */
  reordered: boolean;
  /** Key symbols dropped because the file's outline has no such symbol. */
  unknownSymbols: number;
  /** Empty fields (purpose, needs, requirements) filled from the offline model. */
  filledFields: number;
}

export function emptyRepair(): PlanRepair {
  return { unknown: [], duplicates: [], missing: [], normalized: [], reordered: false, unknownSymbols: 0, filledFields: 0 };
}

export function repairedAnything(r: PlanRepair): boolean {
  return r.unknown.length + r.duplicates.length + r.missing.length + r.normalized.length + r.unknownSymbols + r.filledFields > 0 || r.reordered;
}

/** A plan as a model may have written it: anything could be missing or of the wrong shape. */
export interface ProposedPlan {
  requirements?: unknown;
  files?: unknown;
}

export function normalizePlanPath(path: string): string {
  return path.trim().replace(/\\/g, '/').replace(/^(\.\/|\/)+/, '');
}

/** Everything wrong with a plan, as sentences; empty when the plan is valid. */
export function planViolations(order: readonly string[], plan: Plan): string[] {
  const violations: string[] = [];
  const sources = new Set(order);
  const seen = new Set<string>();
  for (const f of plan.files) {
    if (!sources.has(f.path)) violations.push(`plan lists ${JSON.stringify(f.path)}, which is not a source file`);
    else if (seen.has(f.path)) violations.push(`plan lists ${JSON.stringify(f.path)} more than once`);
    seen.add(f.path);
  }
  for (const p of order) if (!seen.has(p)) violations.push(`plan leaves out ${JSON.stringify(p)}`);
  if (violations.length === 0) {
    const i = plan.files.findIndex((f, k) => f.path !== order[k]);
    if (i !== -1) violations.push(`plan entry ${i} is ${JSON.stringify(plan.files[i].path)}, but the implementation order has ${JSON.stringify(order[i])} there`);
  }
  return violations;
}

/** Throws when the plan is not exactly the source files in the system's order. */
export function assertValidPlan(order: readonly string[], plan: Plan, who = 'plan'): void {
  const violations = planViolations(order, plan);
  if (violations.length) {
    const shown = violations.slice(0, 10).join('; ');
    throw new Error(`Invalid ${who}: ${shown}${violations.length > 10 ? `; and ${violations.length - 10} more` : ''}`);
  }
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** Maps a proposed plan onto the real source files (see the module comment). Deterministic. */
export function repairPlan(structure: RepoStructure, proposed: ProposedPlan, readme: string | null = null): { plan: Plan; repair: PlanRepair } {
  const repair = emptyRepair();
  const sources = new Set(structure.order);
  const position = new Map(structure.order.map((p, i) => [p, i]));
  const byPath = new Map<string, Partial<PlanFile>>();
  const keptOrder: string[] = [];
  const entries = Array.isArray(proposed.files) ? (proposed.files as unknown[]) : [];
  for (const raw of entries) {
    const entry = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const written = typeof entry.path === 'string' ? entry.path : '';
    const path = sources.has(written) ? written : normalizePlanPath(written);
    if (!sources.has(path)) {
      repair.unknown.push(written);
      continue;
    }
    if (byPath.has(path)) {
      if (!repair.duplicates.includes(path)) repair.duplicates.push(path);
      continue;
    }
    if (path !== written) repair.normalized.push(written);
    byPath.set(path, {
      purpose: text(entry.purpose),
      needs: text(entry.needs),
      keySymbols: Array.isArray(entry.keySymbols) ? entry.keySymbols.filter((s): s is string => typeof s === 'string').map((s) => s.trim()).filter(Boolean) : [],
    });
    keptOrder.push(path);
  }
  repair.reordered = keptOrder.some((p, i) => i > 0 && position.get(p)! < position.get(keptOrder[i - 1])!);
  const files = new Map(structure.files.map((f) => [f.path, f]));
  const planFiles: PlanFile[] = structure.order.map((path) => {
    const given = byPath.get(path);
    const fallback = () => offlinePlanEntry(structure, path);
    if (!given) {
      repair.missing.push(path);
      return fallback();
    }
    let fb: PlanFile | null = null;
    const fill = (value: string, field: 'purpose' | 'needs') => {
      if (value) return value;
      repair.filledFields++;
      fb ??= fallback();
      return fb[field];
    };
    const real = new Set(files.get(path)!.symbols.map((s) => s.name));
    const keySymbols = [...new Set(given.keySymbols!)].filter((s) => {
      const ok = real.has(s);
      if (!ok) repair.unknownSymbols++;
      return ok;
    });
    const entry: PlanFile = { path, purpose: fill(given.purpose!, 'purpose'), needs: fill(given.needs!, 'needs'), keySymbols };
    if (entry.keySymbols.length === 0 && real.size > 0) entry.keySymbols = (fb ??= fallback()).keySymbols;
    return entry;
  });
  let requirements = text(proposed.requirements);
  if (!requirements) {
    repair.filledFields++;
    requirements = offlineRequirements(structure, readme);
  }
  return { plan: { requirements, files: planFiles }, repair };
}

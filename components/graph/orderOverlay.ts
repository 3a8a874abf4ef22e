/**
 * The implementation-order overlay: step n highlights the n-th file to implement, the files
 * written before it, and among them the ones it imports (what its sub-agent reads first).
 * Dependencies not written yet can only happen inside a cycle; they are reported apart.
 */
import type { GraphEdge, GraphFile } from './types';

/** Source files in implementation order (files without an order index are not steps). */
export function orderSteps(files: readonly GraphFile[]): GraphFile[] {
  return files.filter((f) => f.orderIndex !== null).sort((a, b) => a.orderIndex! - b.orderIndex!);
}

export interface OverlayState {
  /** 0-based step, within the steps. */
  step: number;
  total: number;
  current: string;
  /** Files written before the current one. */
  written: Set<string>;
  /** The current file's direct dependencies that are already written. */
  deps: Set<string>;
  /** Its direct dependencies written later (only inside a cycle). */
  pendingDeps: Set<string>;
}

/** Clamps a step into [0, total - 1]; null when there are no steps. */
export function clampStep(step: number, total: number): number | null {
  if (total === 0) return null;
  return Math.min(Math.max(0, Math.trunc(step)), total - 1);
}

/** The overlay at a step (clamped), or null when the graph has no ordered files. */
export function overlayAt(steps: readonly GraphFile[], edges: readonly GraphEdge[], step: number): OverlayState | null {
  const s = clampStep(step, steps.length);
  if (s === null) return null;
  const current = steps[s].path;
  const written = new Set(steps.slice(0, s).map((f) => f.path));
  const deps = new Set<string>();
  const pendingDeps = new Set<string>();
  for (const e of edges) {
    if (e.fromPath !== current || e.toPath === current) continue;
    (written.has(e.toPath) ? deps : pendingDeps).add(e.toPath);
  }
  return { step: s, total: steps.length, current, written, deps, pendingDeps };
}

export type OverlayRole = 'current' | 'dep' | 'written' | 'pending';

/**
 * How a drawn node looks under the overlay: the strongest role of the files it stands for
 * (current > dep > written), 'pending' for files not written yet.
 */
export function overlayRole(state: OverlayState, paths: readonly string[]): OverlayRole {
  let role: OverlayRole = 'pending';
  for (const p of paths) {
    if (p === state.current) return 'current';
    if (state.deps.has(p)) role = 'dep';
    else if (role === 'pending' && state.written.has(p)) role = 'written';
  }
  return role;
}

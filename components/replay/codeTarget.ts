/**
 * Which code the replay shows beside a step, and which lines of it the step read or wrote.
 * Sub-agent steps show a file of the snapshot: a Read (and its observation) the file read, a
 * Write (and its observation) the file written, any other step the file its sub-agent writes.
 * The main agent's plan action shows the plan as JSON; its other steps show no code.
 */
import { parseReference } from '@/lib/2-synthesize/readPolicy';

export interface TargetableStep {
  ordinal: number;
  agent: 'main' | 'sub';
  file: string | null;
  kind: 'think' | 'action' | 'observation';
  actionType: 'plan' | 'read' | 'write' | null;
  actionPath: string | null;
  hasDraft: boolean;
}

export type CodeTarget =
  | { kind: 'none' }
  /** The plan JSON: the actionContent of step `ordinal`. */
  | { kind: 'plan'; ordinal: number }
  /** A file read; its observation (step `observationOrdinal`) tells which lines were shown. */
  | { kind: 'read'; path: string; observationOrdinal: number | null }
  /** A file written by step `writeOrdinal`; `hasDraft` when an LLM draft of it was kept. */
  | { kind: 'write'; path: string; writeOrdinal: number; hasDraft: boolean }
  /** The file this sub-agent is about to write (a Think before it). */
  | { kind: 'file'; path: string };

export function codeTargetOf(steps: readonly TargetableStep[], index: number): CodeTarget {
  const step = steps[index];
  if (!step) return { kind: 'none' };
  if (step.kind === 'action' && step.actionType === 'plan') return { kind: 'plan', ordinal: step.ordinal };
  if (step.kind === 'action' && step.actionType === 'read' && step.actionPath) {
    const next = steps[index + 1];
    const observed = next && next.kind === 'observation' && next.file === step.file && next.agent === step.agent;
    return { kind: 'read', path: step.actionPath, observationOrdinal: observed ? next.ordinal : null };
  }
  if (step.kind === 'action' && step.actionType === 'write' && step.actionPath) {
    return { kind: 'write', path: step.actionPath, writeOrdinal: step.ordinal, hasDraft: step.hasDraft };
  }
  if (step.kind === 'observation') {
    const prev = steps[index - 1];
    if (prev && prev.kind === 'action' && prev.file === step.file && prev.agent === step.agent && prev.actionPath) {
      if (prev.actionType === 'read') return { kind: 'read', path: prev.actionPath, observationOrdinal: step.ordinal };
      if (prev.actionType === 'write') return { kind: 'write', path: prev.actionPath, writeOrdinal: prev.ordinal, hasDraft: prev.hasDraft };
    }
  }
  if (step.agent === 'sub' && step.file) return { kind: 'file', path: step.file };
  return { kind: 'none' };
}

export interface LineRegion {
  startLine: number;
  endLine: number;
  kind: 'read' | 'write';
}

export interface ReadRegions {
  /** The lines the observation showed (one region, or head and tail of a truncated read). */
  regions: LineRegion[];
  /** Lines left out of a truncated read, or null when the whole file was read. */
  omitted: { startLine: number; endLine: number } | null;
  /** A reference to a file shown earlier in the trajectory (readPolicy.ts): `regions` are the declaration lines it lists. */
  reference?: boolean;
}

// The marker line lib/2-synthesize/readPolicy.ts puts between the head and the tail of a truncated read.
const MARKER = /^(?:…|\.\.\.) \[truncated by Retrace: (\d+) lines? omitted; the file continues\] (?:…|\.\.\.)$/;

/**
 * The lines of a `fileLines`-line file a Read observation showed: the whole file, or, when the
 * observation carries readPolicy's marker line, the head before it and the tail after it.
 */
export function readRegionsOf(observation: string | null, fileLines: number, content?: string): ReadRegions {
  const last = Math.max(1, fileLines);
  const whole: ReadRegions = { regions: [{ startLine: 1, endLine: last, kind: 'read' }], omitted: null };
  const reference = observation !== null && content !== undefined ? parseReference(observation, content) : null;
  if (reference) return { regions: reference.lines.map((n) => ({ startLine: n, endLine: n, kind: 'read' as const })), omitted: null, reference: true };
  if (observation === null || !observation.includes('[truncated by Retrace: ')) return whole;
  let headLines = 0;
  let start = 0;
  while (start <= observation.length) {
    const end = observation.indexOf('\n', start);
    const line = observation.slice(start, end < 0 ? observation.length : end);
    const match = MARKER.exec(line);
    if (match) {
      const omitted = Number(match[1]);
      const tailStart = headLines + omitted + 1;
      const regions: LineRegion[] = [];
      if (headLines > 0) regions.push({ startLine: 1, endLine: Math.min(headLines, last), kind: 'read' });
      if (tailStart <= last) regions.push({ startLine: tailStart, endLine: last, kind: 'read' });
      return { regions, omitted: omitted > 0 ? { startLine: headLines + 1, endLine: Math.min(headLines + omitted, last) } : null };
    }
    if (end < 0) break;
    headLines++;
    start = end + 1;
  }
  return whole;
}

/** The region of a written file: all of it. */
export function writeRegionOf(fileLines: number): LineRegion {
  return { startLine: 1, endLine: Math.max(1, fileLines), kind: 'write' };
}

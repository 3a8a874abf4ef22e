/**
 * The text a scoring model conditions on when it scores a written file: the trajectory up to and
 * including the Think being searched, then the header of the Write, and nothing of the file itself.
 *
 * Serialization (deterministic; blocks are separated by one blank line):
 *
 *     ### Requirements
 *     <plan.requirements, clipped to a quarter of maxPrefixChars>
 *
 *     ### Plan entry: <path>
 *     Purpose: <purpose>
 *     Needs: <needs>
 *     Key symbols: `a`, `b`
 *
 *     [… 120 earlier steps omitted …]          (only when steps were dropped)
 *
 *     ## Main agent                             (a heading whenever the agent or sub-agent changes)
 *     Think:
 *     <think text>
 *
 *     Action: Plan(3 files)
 *     <plan JSON>
 *
 *     Observation:
 *     <observation text>
 *
 *     ## Sub-agent: src/a.ts
 *     Think: …   Action: Read(src/b.ts)   Observation: …   Action: Write(src/b.ts) + content (earlier files)
 *
 *     Think:
 *     <the candidate Think, in place of the step's content>
 *
 *     Action: Write(<path>)
 *                                               (the prefix ends with this newline; the target follows)
 *
 * Truncation to `maxPrefixChars` (default 32,000 characters): the requirements (clipped), the plan
 * entry, the Think and the Write header are always kept. Older steps are added newest first while
 * they fit whole; the first one that does not fit is, if it is an observation (or an earlier Write
 * with its content) and at least 200 characters of room are left, kept truncated to its head with a
 * marker line; everything older is dropped and counted in the `[… N earlier steps omitted …]` line.
 * So whole older steps go first, then the oldest remaining observation is cut. The result exceeds
 * `maxPrefixChars` only when the pinned parts and the Think alone do.
 *
 * The target never appears: the step must be the Think right before its file's Write (within its
 * sub-agent), and the file must not have been written or read before it, else this throws. A target
 * of at least 20 characters (trimmed) that still occurs verbatim in an earlier step (a byte-identical
 * file written before, or a short file that is also a line of another) is replaced there by a marker
 * line; if it occurs in the Think text itself, this throws `TargetInPrefixError` (callers filter such
 * candidates with `containsTarget` first).
 */
import type { SynthesizedTrajectory, TrajectoryStep } from '../2-synthesize/types';

export interface ScoringPrefixOptions {
  /** Most characters of the prefix (default 32,000). */
  maxPrefixChars?: number;
}

export const DEFAULT_MAX_PREFIX_CHARS = 32_000;
/** Targets shorter than this (trimmed) are too common as text to be guarded (blank files, `export {};`). */
export const MIN_GUARDED_TARGET_CHARS = 20;
/** A straddling observation is truncated only when at least this much room is left. */
const MIN_TRUNCATED_CHARS = 200;

export const REDACTED_TARGET = '[... identical to the file being written; omitted by Retrace ...]';

export class TargetInPrefixError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetInPrefixError';
  }
}

/** The text the prefix must not contain, or null when the target is too short to guard. */
export function guardedTarget(target: string): string | null {
  const trimmed = target.trim();
  return trimmed.length >= MIN_GUARDED_TARGET_CHARS ? trimmed : null;
}

/** Whether a text contains the whole (guarded) target. */
export function containsTarget(text: string, target: string): boolean {
  const guarded = guardedTarget(target);
  return guarded !== null && text.includes(guarded);
}

/** The Write step a Think precedes, if the Think is its file's implementation Think. */
export function writeAfterThink(trajectory: SynthesizedTrajectory, stepOrdinal: number): TrajectoryStep | null {
  const steps = trajectory.steps;
  const think = steps[stepOrdinal];
  if (!think || think.kind !== 'think' || think.agent !== 'sub' || think.file === null) return null;
  for (let i = stepOrdinal + 1; i < steps.length; i++) {
    const s = steps[i];
    if (s.file !== think.file || s.kind === 'think') return null;
    if (s.action?.type === 'write') return s.action.path === think.file ? s : null;
  }
  return null;
}

/**
 * The implementation Thinks of a trajectory, in order: for each Write, the last Think of its sub-agent
 * before it. These are the steps the search rewrites.
 */
export function searchableThinks(trajectory: SynthesizedTrajectory): { ordinal: number; file: string; write: TrajectoryStep }[] {
  const out: { ordinal: number; file: string; write: TrajectoryStep }[] = [];
  trajectory.steps.forEach((s, i) => {
    if (s.action?.type !== 'write' || s.file === null || s.action.path !== s.file) return;
    for (let j = i - 1; j >= 0 && trajectory.steps[j].file === s.file; j--) {
      if (trajectory.steps[j].kind === 'think') {
        out.push({ ordinal: j, file: s.file, write: s });
        return;
      }
    }
  });
  return out;
}

function clipHead(text: string, max: number, what: string): string {
  if (text.length <= max) return text;
  const marker = `\n[... ${what} truncated for scoring: ${(text.length - max).toLocaleString('en-US')} characters omitted ...]`;
  const keep = Math.max(0, max - marker.length);
  const cut = text.lastIndexOf('\n', keep);
  return `${text.slice(0, cut > keep * 0.5 ? cut : keep)}${marker}`;
}

function heading(s: TrajectoryStep): string {
  return s.agent === 'main' ? '## Main agent' : `## Sub-agent: ${s.file}`;
}

/** One step as text: label, then the body (for plan and write actions, their content). */
function stepParts(s: TrajectoryStep): { label: string; body: string | null } {
  if (s.kind === 'think') return { label: 'Think:', body: s.content };
  if (s.kind === 'observation') return { label: 'Observation:', body: s.content };
  const a = s.action;
  if (a && (a.type === 'write' || a.type === 'plan')) return { label: `Action: ${s.content}`, body: a.content };
  return { label: `Action: ${s.content}`, body: null };
}

function render(label: string, body: string | null): string {
  return body === null ? label : `${label}\n${body}`;
}

/**
 * The scoring prefix for the Think at `stepOrdinal` with `thinkText` in place of its content (see the
 * module comment for the format and the truncation rule). Throws when the step is not an implementation
 * Think, when its file was written or read before it, or when `thinkText` contains the target.
 */
export function scoringPrefix(trajectory: SynthesizedTrajectory, stepOrdinal: number, thinkText: string, options: ScoringPrefixOptions = {}): string {
  const maxChars = options.maxPrefixChars ?? DEFAULT_MAX_PREFIX_CHARS;
  const steps = trajectory.steps;
  const think = steps[stepOrdinal];
  const write = writeAfterThink(trajectory, stepOrdinal);
  if (!think || !write || think.file === null) throw new Error(`step ${stepOrdinal} is not the Think right before a Write of its file`);
  const path = think.file;
  const target = write.action!.content;
  for (let i = 0; i < stepOrdinal; i++) {
    const a = steps[i].action;
    if (a && (a.type === 'write' || a.type === 'read') && a.path === path) {
      throw new TargetInPrefixError(`${path} is ${a.type === 'write' ? 'written' : 'read'} at step ${i}, before the Think at step ${stepOrdinal} that precedes its Write: the scoring prefix would contain the target`);
    }
  }
  const guarded = guardedTarget(target);
  if (guarded !== null && thinkText.includes(guarded)) throw new TargetInPrefixError(`the Think text for step ${stepOrdinal} contains the whole content of ${path}`);
  const redact = (text: string) => (guarded !== null && text.includes(guarded) ? text.split(guarded).join(REDACTED_TARGET) : text);

  // Pinned: requirements (clipped), the file's plan entry; then the Think and the Write header.
  const entry = trajectory.plan.files.find((f) => f.path === path);
  const requirements = redact(clipHead(trajectory.plan.requirements.trim(), Math.floor(maxChars / 4), 'requirements'));
  const pinned: string[] = [`### Requirements\n${requirements}`];
  if (entry) {
    const keys = entry.keySymbols.length ? entry.keySymbols.map((k) => `\`${k}\``).join(', ') : '(none)';
    pinned.push(redact(`### Plan entry: ${path}\nPurpose: ${entry.purpose}\nNeeds: ${entry.needs}\nKey symbols: ${keys}`));
  }
  const tail = [render('Think:', thinkText), `Action: Write(${path})\n`];
  const sep = '\n\n';
  const fixed = pinned.join(sep).length + sep.length + tail.join(sep).length + sep.length + heading(think).length + sep.length;
  // Room for older steps; kept aside: the omission line (≤ 60 characters) and its separator.
  let room = maxChars - fixed - 64;

  // Older steps, newest first, grouped under headings when the agent changes.
  const kept: string[] = []; // newest first: blocks, and group headings (in front of the newer group)
  let i = stepOrdinal - 1;
  for (; i >= 0; i--) {
    const s = steps[i];
    const { label, body } = stepParts(s);
    // The heading of this step's group goes in front of it when the previous (older) step belongs elsewhere.
    const next = steps[i + 1];
    const needsHeadingAfter = i + 1 <= stepOrdinal && (next.agent !== s.agent || next.file !== s.file);
    const headingAfter = needsHeadingAfter ? heading(next).length + sep.length : 0;
    const block = redact(render(label, body));
    const cost = block.length + sep.length + headingAfter;
    if (cost <= room) {
      if (needsHeadingAfter) kept.push(heading(next));
      kept.push(block);
      room -= cost;
      continue;
    }
    const truncatable = body !== null && (s.kind === 'observation' || s.action?.type === 'write');
    const bodyRoom = room - label.length - 1 - sep.length - headingAfter;
    if (truncatable && bodyRoom >= MIN_TRUNCATED_CHARS) {
      if (needsHeadingAfter) kept.push(heading(next));
      kept.push(render(label, redact(clipHead(body!, bodyRoom, s.kind === 'observation' ? 'observation' : 'written file'))));
      i--;
    }
    break;
  }
  const omitted = i + 1;
  const blocks: string[] = [...pinned];
  if (omitted > 0) blocks.push(`[... ${omitted.toLocaleString('en-US')} earlier ${omitted === 1 ? 'step' : 'steps'} omitted ...]`);
  // The oldest kept step starts its group with a heading.
  const oldestKept = omitted;
  if (oldestKept < stepOrdinal) blocks.push(heading(steps[oldestKept]));
  blocks.push(...kept.reverse());
  // With no older step kept, the Think opens its group; otherwise the loop put any heading it needs.
  if (oldestKept === stepOrdinal) blocks.push(heading(think));
  blocks.push(...tail);
  const prefix = blocks.join(sep);
  if (guarded !== null && prefix.includes(guarded)) throw new TargetInPrefixError(`the scoring prefix for step ${stepOrdinal} contains the whole content of ${path}`);
  return prefix;
}

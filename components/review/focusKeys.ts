/**
 * The focus view's keys, as a pure mapping from a key event (and which overlay is open) to a
 * command. They never clash with the replay's (space, arrows, j/k, [ ], Home/End, + − =): the
 * view's listener runs first (capture) and claims only its own keys, or every key while an
 * overlay is open.
 */
import { reasonOfKey, type RejectReasonName } from '@/lib/4-review/reasons';

export type FocusMode = 'browse' | 'reasons' | 'cheat-sheet' | 'note';

export type FocusCommand =
  | { type: 'approve' }
  | { type: 'reject' }
  | { type: 'resynthesize' }
  | { type: 'note' }
  | { type: 'next' }
  | { type: 'prev' }
  | { type: 'cheat-sheet' }
  | { type: 'pick-reason'; reason: RejectReasonName }
  | { type: 'save-note' }
  | { type: 'close' }
  /** A key swallowed while an overlay is open, so the replay underneath does not move. */
  | { type: 'swallow' };

export interface FocusKeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  target?: { tagName?: string; isContentEditable?: boolean } | null;
}

function isTyping(target: FocusKeyInput['target']): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = (target.tagName ?? '').toLowerCase();
  return tag === 'input' || tag === 'textarea' || tag === 'select';
}

const BROWSE_KEYS: Record<string, FocusCommand> = {
  a: { type: 'approve' },
  x: { type: 'reject' },
  e: { type: 'resynthesize' },
  n: { type: 'note' },
  '.': { type: 'next' },
  ',': { type: 'prev' },
  '?': { type: 'cheat-sheet' },
};

/** Keys people read in the cheat sheet, in the order they use them. */
export const FOCUS_SHORTCUTS: [string, string][] = [
  ['a', 'approve, then the next item'],
  ['x', 'reject: pick the reason with 1–7 (Esc cancels)'],
  ['e', 'needs re-synthesis'],
  ['n', 'write a note: it goes with the next decision (Esc keeps it)'],
  ['Ctrl+Enter', 'in the note: save it with the current decision'],
  ['.  ,', 'next / previous item'],
  ['?', 'this cheat sheet'],
  ['Esc', 'close an overlay'],
];

/** The command a key means in `mode`, or null (the key belongs to the replay, or to a field being typed in). */
export function focusCommandOfKey(e: FocusKeyInput, mode: FocusMode): FocusCommand | null {
  if (mode === 'note') {
    if (e.key === 'Escape') return { type: 'close' };
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) return { type: 'save-note' };
    return null;
  }
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (mode === 'reasons') {
    if (e.key === 'Escape') return { type: 'close' };
    const reason = reasonOfKey(e.key);
    // Tab and Enter keep working on the dialog's buttons.
    return reason ? { type: 'pick-reason', reason } : e.key === 'Tab' || e.key === 'Enter' ? null : { type: 'swallow' };
  }
  if (mode === 'cheat-sheet') {
    if (e.key === 'Escape' || e.key === '?') return { type: 'close' };
    return e.key === 'Tab' || e.key === 'Enter' ? null : { type: 'swallow' };
  }
  if (isTyping(e.target)) return null;
  return BROWSE_KEYS[e.key] ?? null;
}

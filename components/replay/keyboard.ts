/** The replay's keyboard shortcuts, as a pure mapping from a key event to a command. */

export type ReplayCommand = 'toggle-play' | 'next' | 'prev' | 'first' | 'last' | 'next-file' | 'prev-file' | 'faster' | 'slower' | 'shortcuts';

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** The focused element: tag name (any case), input type, contenteditable. */
  target?: { tagName?: string; type?: string; isContentEditable?: boolean } | null;
}

const KEYS: Record<string, ReplayCommand> = {
  ' ': 'toggle-play',
  ArrowRight: 'next',
  ArrowDown: 'next',
  j: 'next',
  ArrowLeft: 'prev',
  ArrowUp: 'prev',
  k: 'prev',
  Home: 'first',
  End: 'last',
  ']': 'next-file',
  '[': 'prev-file',
  '+': 'faster',
  '=': 'faster',
  '-': 'slower',
  '?': 'shortcuts',
};

/** Keys listed for people (the help line under the controls). */
export const SHORTCUT_HELP: [string, string][] = [
  ['Space', 'play / pause'],
  ['→ ↓ j', 'next step'],
  ['← ↑ k', 'previous step'],
  ['[ ]', 'previous / next file'],
  ['Home End', 'first / last'],
  ['+ −', 'speed'],
];

function isTyping(target: KeyInput['target']): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = (target.tagName ?? '').toLowerCase();
  // Every input counts (a focused range slider handles its own arrows), as do Monaco's textarea and selects.
  return tag === 'input' || tag === 'textarea' || tag === 'select';
}

/** The command a key press means, or null (modified keys, keys typed into a field, a button's own Space). */
export function commandOfKey(e: KeyInput): ReplayCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (isTyping(e.target)) return null;
  const tag = (e.target?.tagName ?? '').toLowerCase();
  // Space on a focused button or link activates it; that is its own action, not play/pause.
  if (e.key === ' ' && (tag === 'button' || tag === 'a' || tag === 'summary')) return null;
  return KEYS[e.key] ?? null;
}

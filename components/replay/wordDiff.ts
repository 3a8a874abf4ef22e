/**
 * A word diff of two texts (a Think before and after the search rewrote it), for the replay: runs of
 * words and the whitespace after them, each kept, removed or added. Longest common subsequence over
 * words; texts too long for it (over MAX_CELLS word pairs) come back as one removal and one addition.
 */

export interface DiffPart {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

const MAX_CELLS = 4_000_000;

/** Words with the whitespace that follows each (joined, they are the text again). */
function words(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function push(parts: DiffPart[], kind: DiffPart['kind'], text: string) {
  const last = parts[parts.length - 1];
  if (last && last.kind === kind) last.text += text;
  else parts.push({ kind, text });
}

export function wordDiff(before: string, after: string): DiffPart[] {
  const a = words(before);
  const b = words(after);
  const parts: DiffPart[] = [];
  if (a.length * b.length > MAX_CELLS) {
    if (before) parts.push({ kind: 'removed', text: before });
    if (after) parts.push({ kind: 'added', text: after });
    return parts;
  }
  // Compare words without their trailing whitespace, so a re-wrapped line is not a change.
  const key = (w: string) => w.trimEnd();
  const n = a.length;
  const m = b.length;
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) lcs[i * (m + 1) + j] = key(a[i]) === key(b[j]) ? lcs[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1]);
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (key(a[i]) === key(b[j])) {
      push(parts, 'same', b[j]);
      i++;
      j++;
    } else if (lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1]) push(parts, 'removed', a[i++]);
    else push(parts, 'added', b[j++]);
  }
  while (i < n) push(parts, 'removed', a[i++]);
  while (j < m) push(parts, 'added', b[j++]);
  return parts;
}

/** Words removed and added, for a one-line summary. */
export function diffCounts(parts: readonly DiffPart[]): { removed: number; added: number } {
  const count = (kind: DiffPart['kind']) => parts.filter((p) => p.kind === kind).reduce((n, p) => n + (p.text.match(/\S+/g)?.length ?? 0), 0);
  return { removed: count('removed'), added: count('added') };
}

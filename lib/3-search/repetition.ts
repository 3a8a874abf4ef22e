/**
 * Candidates that only repeat text: a Think with a second copy of its own paragraph or of a run of
 * its lines can lower the scorer's NLL a hair (the offline n-gram scorer sees the same n-grams again)
 * without any new reasoning, so the search rejects them before scoring.
 */

/** Lines shorter than this (trimmed) are not counted as content of a repeated block. */
const MIN_LINE_CHARS = 20;
/** A paragraph this long appearing twice is a repeat. */
const MIN_PARAGRAPH_CHARS = 40;

const shorten = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
};

/** Why `text` repeats a block of itself, or null: a paragraph twice, or two or more consecutive lines twice. */
export function repeatedBlock(text: string): string | null {
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p.length >= MIN_PARAGRAPH_CHARS);
  const seen = new Set<string>();
  for (const p of paragraphs) {
    const key = p.replace(/\s+/g, ' ');
    if (seen.has(key)) return `repeats itself: the paragraph "${shorten(p)}" appears twice`;
    seen.add(key);
  }
  const lines = text.split('\n').map((l) => l.trim());
  const pairs = new Map<string, number>();
  for (let i = 0; i + 1 < lines.length; i++) {
    if (lines[i].length < MIN_LINE_CHARS || lines[i + 1].length < MIN_LINE_CHARS) continue;
    const key = `${lines[i]}\n${lines[i + 1]}`;
    const at = pairs.get(key);
    // Overlapping pairs (the same line three times running) count too: that is a repeat as well.
    if (at !== undefined && at !== i) return `repeats itself: the lines "${shorten(key)}" appear twice`;
    if (at === undefined) pairs.set(key, i);
  }
  return null;
}

/**
 * Node labels: a file is labelled by its name, and by as much of its folder path as tells it
 * apart from the other files of the same name (five `index.ts` read `classic/index.ts`,
 * `core/index.ts`, …, not five times `index.ts`).
 */

export interface FileLabel {
  /** The folder part shown before the name, with a trailing `/`; empty when the name is unique. */
  folder: string;
  /** The file name. */
  name: string;
}

/** `src/core/index.ts` → `index.ts`. */
export function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The last `k` segments of `segments` joined (all of them when there are fewer). */
function suffix(segments: readonly string[], k: number): string {
  return segments.slice(Math.max(0, segments.length - k)).join('/');
}

/**
 * Labels for every path: a name no other path has stands alone; a repeated name gets the
 * shortest folder suffix that no other path of that name shares (up to the whole path, so a
 * root `index.ts` beside `src/index.ts` stays `index.ts`).
 */
export function distinguishingLabels(paths: readonly string[]): Map<string, FileLabel> {
  const byName = new Map<string, string[]>();
  for (const p of paths) {
    const name = fileName(p);
    (byName.get(name) ?? byName.set(name, []).get(name)!).push(p);
  }
  const out = new Map<string, FileLabel>();
  for (const [name, group] of byName) {
    if (group.length === 1) {
      out.set(group[0], { folder: '', name });
      continue;
    }
    const segments = group.map((p) => p.split('/'));
    const pending = new Set(group.keys());
    // Suffixes of k segments (name included), counted over the whole group: a path takes the
    // first k whose suffix is its own alone, or its whole path.
    for (let k = 2; pending.size > 0; k++) {
      const counts = new Map<string, number>();
      for (const s of segments) counts.set(suffix(s, k), (counts.get(suffix(s, k)) ?? 0) + 1);
      for (const i of [...pending]) {
        const own = suffix(segments[i], k);
        if (counts.get(own) === 1 || k >= segments[i].length) {
          out.set(group[i], { folder: own.slice(0, own.length - name.length), name });
          pending.delete(i);
        }
      }
    }
  }
  return out;
}

/**
 * Where a label may wrap: after `/`, `_` or `-` inside a word, before a `.` and between camelCase
 * words (`_header_value_parser.py` → `_header_`, `value_`, `parser`, `.py`).
 */
export function labelChunks(text: string): string[] {
  return text.split(/(?<=[A-Za-z0-9][_\-/])(?=[A-Za-z0-9])|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Za-z0-9_])(?=\.)/);
}

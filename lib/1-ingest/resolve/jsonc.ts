import type { RepoIndex } from '../structure/types';

/** JSON with comments and trailing commas, as tsconfig.json, jsconfig.json and some package.json files are written. */

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Removes `//` and `/* *\/` comments and trailing commas, leaving string contents untouched. */
export function stripJsonc(text: string): string {
  const out: string[] = [];
  // Index in `out` of the last comma not yet followed by a value: dropped if the next token closes an object or array.
  let pendingComma = -1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const length = text.length;
  while (i < length) {
    const ch = text[i];
    if (ch === '"') {
      let end = i + 1;
      while (end < length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      out.push(text.slice(i, end + 1));
      i = end + 1;
      pendingComma = -1;
    } else if (ch === '/' && text[i + 1] === '/') {
      const newline = text.indexOf('\n', i);
      i = newline === -1 ? length : newline;
    } else if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? length : close + 2;
      out.push(' ');
    } else {
      if (ch === ',') {
        pendingComma = out.length;
      } else if ((ch === '}' || ch === ']') && pendingComma !== -1) {
        out[pendingComma] = '';
        pendingComma = -1;
      } else if (ch !== ' ' && ch !== '\t' && ch !== '\n' && ch !== '\r') {
        pendingComma = -1;
      }
      out.push(ch);
      i++;
    }
  }
  return out.join('');
}

/** Parses JSONC; undefined when the text is not valid even after stripping comments and trailing commas. */
export function parseJsonc(text: string): unknown {
  try {
    return JSON.parse(stripJsonc(text));
  } catch {
    return undefined;
  }
}

/** Reads and parses JSON(C) object files of the index once each; undefined for missing, unreadable or non-object files. */
export function createJsonFileReader(index: RepoIndex): (path: string) => JsonObject | undefined {
  const cache = new Map<string, JsonObject | undefined>();
  return (path) => {
    if (cache.has(path)) return cache.get(path);
    const text = index.files.has(path) ? index.read(path) : undefined;
    const parsed = text === undefined ? undefined : parseJsonc(text);
    const value = isJsonObject(parsed) ? parsed : undefined;
    cache.set(path, value);
    return value;
  };
}

/**
 * Reading an outline signature (one declaration line) into parts that prose can name: parameters with
 * their types, the return type, what a class extends. Best effort across TypeScript/JavaScript, Python,
 * Go, Rust and Java; anything it cannot read is left out, never guessed.
 */
import type { Language, OutlineSymbol } from '../1-ingest/structure/types';

export interface Param {
  name: string;
  type: string | null;
  optional: boolean;
  rest: boolean;
}

export interface Callable {
  params: Param[];
  returns: string | null;
}

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };

/** Index of the bracket closing the one at `open`, or -1. `<`/`>` count only as generics (not `=>`). */
function matching(text: string, open: number): number {
  const stack: string[] = [];
  let quote: string | null = null;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c in OPEN) stack.push(OPEN[c]);
    else if (c === '>' && text[i - 1] === '=') continue;
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/** Splits at top-level commas. */
export function splitTopLevel(text: string, separator = ','): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{' || c === '<') depth++;
    else if ((c === ')' || c === ']' || c === '}' || (c === '>' && text[i - 1] !== '=')) && depth > 0) depth--;
    else if (c === separator && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

/** Index of the top-level `=` (a default value), or -1. */
function defaultIndex(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{' || c === '<') depth++;
    else if ((c === ')' || c === ']' || c === '}' || (c === '>' && text[i - 1] !== '=')) && depth > 0) depth--;
    else if (c === '=' && depth === 0 && text[i + 1] !== '>' && text[i + 1] !== '=' && !'!<>='.includes(text[i - 1] ?? '')) return i;
  }
  return -1;
}

/** Index of the top-level `:` (a type annotation), or -1. */
function colonIndex(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{' || c === '<') depth++;
    else if ((c === ')' || c === ']' || c === '}' || (c === '>' && text[i - 1] !== '=')) && depth > 0) depth--;
    else if (c === ':' && depth === 0 && text[i + 1] !== ':' && text[i - 1] !== ':') return i;
  }
  return -1;
}

function parseParam(raw: string, language: Language | null): Param | null {
  let text = raw.trim();
  if (!text) return null;
  let optional = false;
  const eq = defaultIndex(text);
  if (eq !== -1) {
    optional = true;
    text = text.slice(0, eq).trim();
  }
  let rest = false;
  switch (language) {
    case 'go': {
      // `name Type`, `name ...Type`, or a bare name whose type comes with a later parameter.
      const m = /^([A-Za-z_]\w*)(?:\s+(.+))?$/.exec(text);
      if (!m) return null;
      const type = m[2]?.trim() ?? null;
      if (type?.startsWith('...')) rest = true;
      return { name: m[1], type, optional, rest };
    }
    case 'java': {
      text = text.replace(/@\w+(\([^)]*\))?\s*/g, '').replace(/\bfinal\s+/g, '');
      const m = /^(.+?)\s+([A-Za-z_$][\w$]*)$/.exec(text);
      if (!m) return null;
      if (m[1].endsWith('...')) rest = true;
      return { name: m[2], type: m[1].trim(), optional, rest };
    }
    default: {
      if (/^(&\s*)?(mut\s+)?(&\s*)?(mut\s+)?self$/.test(text) || text === 'self' || text === 'cls' || text === 'this') return null;
      if (text === '*' || text === '/') return null;
      if (text.startsWith('...')) {
        rest = true;
        text = text.slice(3);
      } else if (text.startsWith('**')) {
        rest = true;
        text = text.slice(2);
      } else if (text.startsWith('*')) {
        rest = true;
        text = text.slice(1);
      }
      text = text.replace(/^(public|private|protected|readonly|override|mut)\s+/g, '').replace(/^(public|private|protected|readonly|override)\s+/g, '');
      const colon = colonIndex(text);
      let name = (colon === -1 ? text : text.slice(0, colon)).trim();
      const type = colon === -1 ? null : text.slice(colon + 1).trim() || null;
      if (name.endsWith('?')) {
        optional = true;
        name = name.slice(0, -1);
      }
      if (!/^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(name)) {
        // Destructuring and patterns: name them by what they are.
        if (/^[{[(]/.test(name)) return { name: name.startsWith('{') ? 'an options object' : 'a tuple', type, optional, rest };
        return null;
      }
      return { name, type, optional, rest };
    }
  }
}

/** Parameters and return type of a function or method signature; null when it has no parameter list. */
export function parseCallable(symbol: OutlineSymbol, language: Language | null): Callable | null {
  const sig = symbol.signature.trim();
  // The parameter list: the first `(` after the symbol's name (Go methods have a receiver list before it).
  let at = sig.indexOf(symbol.name);
  at = at === -1 ? 0 : at + symbol.name.length;
  let open = sig.indexOf('(', at);
  // Generic parameters between the name and the list: `f<T>(x: T)`.
  const generic = sig.indexOf('<', at);
  if (generic !== -1 && generic < open) {
    const close = matching(sig, generic);
    if (close !== -1) open = sig.indexOf('(', close);
  }
  if (open === -1) return null;
  const close = matching(sig, open);
  if (close === -1) return null;
  let params = splitTopLevel(sig.slice(open + 1, close))
    .map((p) => parseParam(p, language))
    .filter((p): p is Param => p !== null);
  if (language === 'go') {
    // `a, b string`: bare names take the type of the next typed parameter.
    for (let i = params.length - 2; i >= 0; i--) if (params[i].type === null) params[i] = { ...params[i], type: params[i + 1].type };
  }
  params = params.filter((p, i) => params.findIndex((q) => q.name === p.name) === i);
  const after = sig.slice(close + 1).trim().replace(/\s*(\{|=>\s*\{?|:)\s*$/, '').trim();
  let returns: string | null = null;
  switch (language) {
    case 'python':
    case 'rust': {
      const m = /^->\s*(.+?)(\s+where\b.*)?$/.exec(after);
      returns = m ? m[1].trim() : null;
      break;
    }
    case 'go':
      returns = after && !after.startsWith('{') ? after : null;
      break;
    case 'java': {
      const before = sig.slice(0, sig.indexOf(symbol.name)).replace(/@\w+(\([^)]*\))?/g, '').replace(/<[^>]*>\s*$/, '');
      const words = before.trim().split(/\s+/).filter((w) => w && !/^(public|private|protected|static|final|abstract|synchronized|native|default|strictfp)$/.test(w));
      returns = words.length ? words.join(' ') : null;
      break;
    }
    default: {
      const m = /^:\s*(.+)$/.exec(after);
      returns = m ? m[1].replace(/\s*=>\s*$/, '').trim() : null;
    }
  }
  if (returns === '') returns = null;
  return { params, returns };
}

/** `extends Shape`, `implements Renderer`: the names a class or interface declaration builds on. */
export function heritage(symbol: OutlineSymbol): { extends: string[]; implements: string[] } {
  const sig = symbol.signature;
  const grab = (word: string) => {
    const m = new RegExp(`\\b${word}\\s+(.+?)(?=\\s+(?:extends|implements|with|where)\\b|\\s*\\{|$)`).exec(sig);
    return m ? splitTopLevel(m[1]).map((s) => s.trim()).filter(Boolean) : [];
  };
  const py = symbol.kind === 'class' && /^class\s+\w+\s*\((.*)\)\s*:?\s*$/.exec(sig.trim());
  if (py) return { extends: splitTopLevel(py[1]).filter((b) => !/=/.test(b)), implements: [] };
  return { extends: grab('extends'), implements: grab('implements') };
}

/** The type annotation of a constant (`const x: T = …` → `T`), or null. */
export function constantType(symbol: OutlineSymbol): string | null {
  const sig = symbol.signature.trim();
  const eq = defaultIndex(sig);
  const head = eq === -1 ? sig : sig.slice(0, eq);
  const nameAt = head.indexOf(symbol.name);
  if (nameAt === -1) return null;
  const rest = head.slice(nameAt + symbol.name.length);
  const colon = colonIndex(rest);
  if (colon === -1) {
    // Go `var x T`, Java `static final T NAME` are rare enough to leave out.
    return null;
  }
  const type = rest.slice(colon + 1).trim().replace(/;$/, '');
  return type || null;
}

/** A file's outline as prompt text: one line per symbol (signature, doc's first sentence), methods indented. */
import type { FileStructure } from '../1-ingest/structure/extractStructure';
import type { OutlineSymbol } from '../1-ingest/structure/types';
import { cleanDoc, clip, firstSentence } from './facts';

export interface OutlineOptions {
  /** At most this many symbols (default 40); the rest are counted in a last line. */
  maxSymbols?: number;
  /** Signatures are clipped to this many characters (default 160). */
  maxSignature?: number;
  /** Doc sentences are clipped to this many characters (default 120); 0 leaves docs out. */
  maxDoc?: number;
}

/** The declaration's first line without a trailing `{` or `:` body opener. */
export function shortSignature(symbol: OutlineSymbol, max = 160): string {
  const sig = symbol.signature.replace(/\s*(\{|=>\s*\{|:)\s*$/, '').trim();
  const text = sig.length > 0 ? sig : `${symbol.kind} ${symbol.name}`;
  return clip(text, max);
}

/** Index of the first top-level `=` that is an assignment (not `==`, `=>`, `<=`, `>=`, `!=`), or -1. */
function assignmentIndex(text: string): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{' || c === '<') depth++;
    else if (c === ')' || c === ']' || c === '}' || (c === '>' && text[i - 1] !== '=')) depth = Math.max(0, depth - 1);
    else if (c === '=' && depth === 0 && text[i + 1] !== '=' && text[i + 1] !== '>' && !'=!<>+-*/%&|^:'.includes(text[i - 1] ?? '')) return i;
  }
  return -1;
}

/**
 * The declaration without its value: `const x = compute()` → `const x`, `type T = A | B` → `type T`;
 * functions written as `name = (args) =>` keep their parameter list. For prose that must not quote code.
 */
export function declarationHead(symbol: OutlineSymbol, max = 160): string {
  let sig = symbol.signature.trim().replace(/\s*(\{|:)\s*$/, '').replace(/;\s*$/, '');
  const eq = assignmentIndex(sig);
  if (eq !== -1) {
    const value = sig.slice(eq + 1).trim();
    const callable = symbol.kind === 'function' || symbol.kind === 'method';
    const annotated = /:/.test(sig.slice(0, eq));
    if (callable && !annotated && /^(async\s+)?(\(|<|function\b|[A-Za-z_$][\w$]*\s*=>)/.test(value)) sig = sig.replace(/\s*=>\s*(\{)?\s*$/, '');
    else sig = sig.slice(0, eq).trimEnd();
  }
  return clip(sig.length ? sig : `${symbol.kind} ${symbol.name}`, max);
}

export function symbolDoc(symbol: OutlineSymbol, max = 120): string | null {
  const doc = cleanDoc(symbol.doc);
  return doc ? firstSentence(doc, max) : null;
}

export function outlineLines(file: FileStructure, options: OutlineOptions = {}): string[] {
  const maxSymbols = options.maxSymbols ?? 40;
  const maxSignature = options.maxSignature ?? 160;
  const maxDoc = options.maxDoc ?? 120;
  const lines: string[] = [];
  const shown = file.symbols.slice(0, maxSymbols);
  for (const s of shown) {
    const indent = s.parent === null ? '' : '  ';
    const doc = maxDoc > 0 ? symbolDoc(s, maxDoc) : null;
    lines.push(`${indent}- ${shortSignature(s, maxSignature)}${doc ? ` - ${doc}` : ''}`);
  }
  if (file.symbols.length > shown.length) lines.push(`- ... ${file.symbols.length - shown.length} more symbols`);
  return lines;
}

import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { OutlineSymbol, PackageScope, RawImport } from '../structure/types';
import type { SourceText } from './sourceText';

/** What a language extractor reads from one tree. */
export interface Extraction {
  symbols: OutlineSymbol[];
  imports: RawImport[];
  /** Java only: the `package` declaration. */
  javaPackage?: string;
  /** Go and Java: package name, top-level names and used names (see `PackageScope`). */
  packageScope?: PackageScope;
}

/** Reads outline and imports from a parsed tree in one pass; must not throw on broken trees. */
export type Extractor = (root: SyntaxNode, source: SourceText) => Extraction;

/** Text of a string literal without its quotes (`'x'`, `"x"`, `` `x` ``). */
export function unquote(text: string): string {
  if (text.length >= 2) {
    const first = text[0];
    if ((first === '"' || first === "'" || first === '`') && text[text.length - 1] === first) return text.slice(1, -1);
  }
  return text;
}

/** Whether any direct child (named or not) has the given type, e.g. the `type` keyword of `import type`. */
export function hasChildOfType(node: SyntaxNode, type: string): boolean {
  for (const child of node.children) {
    if (child.type === type) return true;
  }
  return false;
}

import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { OutlineSymbol, SymbolKind } from '../structure/types';

/** Minified files can have one enormous line; a signature never needs more than this. */
const MAX_SIGNATURE_LENGTH = 240;

/** The nodes a symbol is read from. */
export interface DeclarationNodes {
  /** The whole declaration including `export`, decorators or annotations: gives the line range. */
  outer: SyntaxNode;
  /** Where the declaration proper starts; the signature is read from here. Defaults to `outer`. */
  head?: SyntaxNode;
  /** The name node; when it sits below the head (annotations on their own lines), the signature starts on its line. */
  name?: SyntaxNode | null;
  /** The body; the signature stops where it starts. */
  body?: SyntaxNode | null;
}

/** How to recognise the comments that document the next declaration. */
export interface CommentRules {
  isComment(type: string): boolean;
  /** Nodes that may sit between a doc comment and its declaration (Rust attributes, TS decorators). */
  isTransparent?(type: string): boolean;
  /** Comments that look like doc comments but are not (Rust `//!`). */
  isIgnored?(text: string): boolean;
}

/**
 * The file's text plus the conversions every extractor needs. web-tree-sitter parses strings as UTF-16,
 * so node indices are string indices and slicing `content` is cheaper than `node.text`.
 */
export class SourceText {
  constructor(readonly content: string) {}

  text(node: SyntaxNode): string {
    return this.content.slice(node.startIndex, node.endIndex);
  }

  startLine(node: SyntaxNode): number {
    return node.startPosition.row + 1;
  }

  /** Last line that holds part of the node; a node ending right after a newline does not own the next line. */
  endLine(node: SyntaxNode): number {
    const end = node.endPosition;
    const start = node.startPosition;
    if (end.column === 0 && end.row > start.row) return end.row;
    return end.row + 1;
  }

  symbol(kind: SymbolKind, name: string, parent: string | null, nodes: DeclarationNodes, doc: string | null): OutlineSymbol {
    return {
      kind,
      name,
      parent,
      // A constant's `{` opens its value, not a body, so it stays.
      signature: this.signature(nodes, kind !== 'constant'),
      startLine: this.startLine(nodes.outer),
      endLine: this.endLine(nodes.outer),
      doc,
    };
  }

  /** First line of the declaration, without its body and (when `stripBrace`) a trailing `{`. */
  signature(nodes: DeclarationNodes, stripBrace = true): string {
    const head = nodes.head ?? nodes.outer;
    let start = head.startIndex;
    const name = nodes.name;
    if (name && name.startPosition.row > head.startPosition.row) start = this.lineStart(name.startIndex);
    // A one-line declaration may share its line with the next one (`void a(); }`).
    const declarationEnd = Math.max(start, nodes.outer.endIndex);
    let end = this.content.indexOf('\n', start);
    if (end < 0 || end > declarationEnd) end = declarationEnd;
    const bodyStart = nodes.body?.startIndex ?? -1;
    if (bodyStart >= start && bodyStart < end) end = bodyStart;
    const clipped = end - start > MAX_SIGNATURE_LENGTH * 2;
    if (clipped) end = start + MAX_SIGNATURE_LENGTH * 2;
    let line = this.content.slice(start, end).trim();
    if (stripBrace && line.endsWith('{')) line = line.slice(0, -1).trimEnd();
    if (clipped || line.length > MAX_SIGNATURE_LENGTH) line = `${line.slice(0, MAX_SIGNATURE_LENGTH)}...`;
    return line;
  }

  /**
   * First line of the comment block right above `siblings[index]` (no blank line between), or null.
   * A comment that ends a code line (`x = 1  # note`) documents that line, not the next declaration.
   */
  leadingDoc(siblings: readonly SyntaxNode[], index: number, rules: CommentRules): string | null {
    let expectedRow = siblings[index].startPosition.row;
    const run: SyntaxNode[] = []; // nearest comment first
    for (let j = index - 1; j >= 0; j--) {
      const sibling = siblings[j];
      const type = sibling.type;
      const transparent = rules.isTransparent?.(type) ?? false;
      if (!transparent && !rules.isComment(type)) break;
      if (this.endRow(sibling) < expectedRow - 1) break; // a blank line in between
      if (transparent) {
        expectedRow = sibling.startPosition.row;
        continue;
      }
      if (!this.startsLine(sibling.startIndex) || rules.isIgnored?.(this.text(sibling))) break;
      run.push(sibling);
      expectedRow = sibling.startPosition.row;
    }
    for (let k = run.length - 1; k >= 0; k--) {
      const line = firstCommentLine(this.text(run[k]));
      if (line !== null) return line;
    }
    return null;
  }

  private endRow(node: SyntaxNode): number {
    return this.endLine(node) - 1;
  }

  private lineStart(index: number): number {
    return this.content.lastIndexOf('\n', index - 1) + 1;
  }

  private startsLine(index: number): boolean {
    for (let i = index - 1; i >= 0; i--) {
      const char = this.content.charCodeAt(i);
      if (char === 10) return true; // \n
      if (char !== 32 && char !== 9 && char !== 13) return false;
    }
    return true;
  }
}

const COMMENT_OPENER = /^(?:\/\*\*?!?|\/\/[/!]?|#+|\*+(?!\/))/;
const COMMENT_CLOSER = /\*+\/$/;

/** First non-empty line of a comment, without `//`, `///`, `#`, `/**`, `*` and `*\/` markers. */
export function firstCommentLine(comment: string): string | null {
  for (const rawLine of comment.split('\n')) {
    const line = rawLine.trim().replace(COMMENT_OPENER, '').replace(COMMENT_CLOSER, '').trim();
    if (line !== '') return line;
  }
  return null;
}

/** First non-empty line of a string literal's contents (Python docstrings), or null. */
export function firstTextLine(text: string): string | null {
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line !== '') return line;
  }
  return null;
}

import type { Node as SyntaxNode } from 'web-tree-sitter';

/**
 * Sorted positions of the keywords an import must contain (`import`, `require`, `use`...).
 * Every node crossing into wasm costs time, so searches for nested imports only enter
 * subtrees that contain one of these positions; most function bodies are skipped whole.
 */
export class KeywordHits {
  private readonly positions: number[];

  constructor(content: string, keywords: readonly string[]) {
    const positions: number[] = [];
    for (const keyword of keywords) {
      for (let at = content.indexOf(keyword); at >= 0; at = content.indexOf(keyword, at + keyword.length)) {
        positions.push(at);
      }
    }
    if (keywords.length > 1) positions.sort((a, b) => a - b);
    this.positions = positions;
  }

  get isEmpty(): boolean {
    return this.positions.length === 0;
  }

  /** Whether a keyword starts within [start, end). */
  within(start: number, end: number): boolean {
    const positions = this.positions;
    let low = 0;
    let high = positions.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (positions[middle] < start) low = middle + 1;
      else high = middle;
    }
    return low < positions.length && positions[low] < end;
  }
}

/**
 * Called for each node of a target type found by {@link scanForKeywordNodes}.
 * Returns true to also search the node's children.
 */
export type KeywordNodeVisitor = (node: SyntaxNode, type: string) => boolean;

/**
 * Depth-first walk below `root` (root excluded) with one TreeCursor, entering only subtrees
 * that contain a keyword hit, and handing nodes of the target types to `visit`.
 */
export function scanForKeywordNodes(
  root: SyntaxNode,
  hits: KeywordHits,
  targets: ReadonlySet<string>,
  visit: KeywordNodeVisitor,
): void {
  if (hits.isEmpty || !hits.within(root.startIndex, root.endIndex)) return;
  const cursor = root.walk();
  try {
    if (!cursor.gotoFirstChild()) return;
    for (;;) {
      let descend = false;
      if (hits.within(cursor.startIndex, cursor.endIndex)) {
        const type = cursor.nodeType;
        descend = targets.has(type) ? visit(cursor.currentNode, type) : true;
      }
      if (descend && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return;
      }
    }
  } finally {
    cursor.delete();
  }
}

import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { SymbolKind } from '../../structure/types';
import { unquote, type Extraction } from '../extraction';
import { KeywordHits, scanForKeywordNodes } from '../keywordScan';
import type { CommentRules, SourceText } from '../sourceText';

const COMMENTS: CommentRules = {
  isComment: (type) => type === 'line_comment' || type === 'block_comment',
  isTransparent: (type) => type === 'attribute_item',
  // Inner doc comments (`//!`, `/*!`) describe the enclosing module, not the next item.
  isIgnored: (text) => text.startsWith('//!') || text.startsWith('/*!'),
};

const SIMPLE_KINDS: Readonly<Record<string, SymbolKind>> = {
  struct_item: 'class',
  union_item: 'class',
  enum_item: 'enum',
  type_item: 'type',
  const_item: 'constant',
  static_item: 'constant',
};

/** `use` may also appear inside function bodies. */
const USE_KEYWORDS = ['use'];
const USE_TYPES: ReadonlySet<string> = new Set(['use_declaration']);

/** Where an item sits: at module level (file or inline `mod`), in an `impl`, or in a `trait`. */
interface ItemScope {
  owner: string | null;
  isModule: boolean;
}

const MODULE_SCOPE: ItemScope = { owner: null, isModule: true };

class RustReader {
  readonly result: Extraction = { symbols: [], imports: [] };
  private readonly hits: KeywordHits;

  constructor(private readonly source: SourceText) {
    this.hits = new KeywordHits(source.content, USE_KEYWORDS);
  }

  readItems(items: SyntaxNode[], scope: ItemScope): void {
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const type = item.type;
      switch (type) {
        case 'use_declaration':
          this.readUse(item);
          break;
        case 'extern_crate_declaration':
          this.readExternCrate(item);
          break;
        case 'mod_item':
          this.readMod(items, i);
          break;
        case 'function_item':
        case 'function_signature_item':
          this.readItem(items, i, scope.isModule ? 'function' : 'method', scope.owner);
          this.scanBody(item);
          break;
        case 'trait_item': {
          const name = this.readItem(items, i, 'interface', scope.owner);
          const body = item.childForFieldName('body');
          if (name !== null && body) this.readItems(body.namedChildren, { owner: name, isModule: false });
          break;
        }
        case 'impl_item': {
          const target = implTargetName(item.childForFieldName('type'), this.source);
          const body = item.childForFieldName('body');
          if (body) this.readItems(body.namedChildren, { owner: target, isModule: false });
          break;
        }
        case 'ERROR':
          this.readItems(item.namedChildren, scope);
          break;
        default:
          if (type in SIMPLE_KINDS) this.readItem(items, i, SIMPLE_KINDS[type], scope.isModule ? null : scope.owner);
      }
    }
  }

  /** Adds the outline symbol of `items[index]` and returns its name, or null when it has none. */
  private readItem(items: SyntaxNode[], index: number, kind: SymbolKind, parent: string | null): string | null {
    const item = items[index];
    const nameNode = item.childForFieldName('name');
    if (!nameNode) return null;
    const name = this.source.text(nameNode);
    const doc = this.source.leadingDoc(items, index, COMMENTS);
    const nodes = { outer: item, name: nameNode, body: item.childForFieldName('body') };
    this.result.symbols.push(this.source.symbol(kind, name, parent, nodes, doc));
    return name;
  }

  /** `mod x;` is an import of another file (honouring `#[path = "..."]`); `mod x { ... }` holds more items. */
  private readMod(items: SyntaxNode[], index: number): void {
    const item = items[index];
    const body = item.childForFieldName('body');
    if (body) {
      this.readItems(body.namedChildren, MODULE_SCOPE);
      return;
    }
    const nameNode = item.childForFieldName('name');
    if (!nameNode) return;
    const path = this.pathAttribute(items, index);
    const specifier = path === null ? this.source.text(nameNode) : `path:${path}`;
    this.result.imports.push({ specifier, syntax: 'rust-mod', typeOnly: false, line: this.source.startLine(item) });
  }

  /** The value of a `#[path = "..."]` attribute directly above `items[index]`, or null. */
  private pathAttribute(items: SyntaxNode[], index: number): string | null {
    for (let j = index - 1; j >= 0; j--) {
      const attribute = items[j];
      if (attribute.type !== 'attribute_item') return null;
      const match = /^#\[\s*path\s*=\s*("(?:[^"\\]|\\.)*")\s*\]$/.exec(this.source.text(attribute));
      if (match) return unquote(match[1]);
    }
    return null;
  }

  private scanBody(item: SyntaxNode): void {
    const body = item.childForFieldName('body');
    if (!body) return;
    scanForKeywordNodes(body, this.hits, USE_TYPES, (node) => {
      this.readUse(node);
      return false;
    });
  }

  private readExternCrate(item: SyntaxNode): void {
    const name = item.childForFieldName('name');
    if (!name) return;
    this.result.imports.push({ specifier: this.source.text(name), syntax: 'rust-use', typeOnly: false, line: this.source.startLine(item) });
  }

  private readUse(declaration: SyntaxNode): void {
    const argument = declaration.childForFieldName('argument');
    if (!argument) return;
    const line = this.source.startLine(declaration);
    for (const { path, wildcard } of expandUseTree(argument, '', this.source)) {
      if (path === '') continue;
      const entry = { specifier: path, syntax: 'rust-use' as const, typeOnly: false, line };
      this.result.imports.push(wildcard ? { ...entry, wildcard: true } : entry);
    }
  }
}

interface UsePath {
  path: string;
  wildcard: boolean;
}

/** Flattens `a::{b, c::D, self, e as f, g::*}` into one path per imported item. */
function expandUseTree(node: SyntaxNode, prefix: string, source: SourceText): UsePath[] {
  switch (node.type) {
    case 'use_as_clause': {
      const path = node.childForFieldName('path');
      return path ? expandUseTree(path, prefix, source) : [];
    }
    case 'use_wildcard': {
      const path = node.firstNamedChild;
      return [{ path: path ? joinPath(prefix, compact(source.text(path))) : prefix, wildcard: true }];
    }
    case 'scoped_use_list': {
      const path = node.childForFieldName('path');
      const base = path ? joinPath(prefix, compact(source.text(path))) : prefix;
      const list = node.childForFieldName('list');
      return list ? expandUseTree(list, base, source) : [];
    }
    case 'use_list':
      return node.namedChildren.flatMap((child) => expandUseTree(child, prefix, source));
    case 'self':
      // `self` inside a list names the list's own prefix.
      return [{ path: prefix === '' ? 'self' : prefix, wildcard: false }];
    default:
      if (node.type.endsWith('comment')) return [];
      return [{ path: joinPath(prefix, compact(source.text(node))), wildcard: false }];
  }
}

function joinPath(prefix: string, path: string): string {
  if (prefix === '') return path;
  if (path === '') return prefix;
  return `${prefix}::${path}`;
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

/** `impl<T> Point<T>` → 'Point', `impl Display for &'a Other` → 'Other', `impl fmt::Debug for a::B` → 'B'. */
function implTargetName(type: SyntaxNode | null, source: SourceText): string | null {
  let node = type;
  while (node) {
    switch (node.type) {
      case 'type_identifier':
      case 'primitive_type':
        return source.text(node);
      case 'generic_type':
      case 'reference_type':
      case 'pointer_type':
        node = node.childForFieldName('type');
        break;
      case 'scoped_type_identifier':
        node = node.childForFieldName('name');
        break;
      default:
        return compact(source.text(node));
    }
  }
  return null;
}

export function extractRust(root: SyntaxNode, source: SourceText): Extraction {
  const reader = new RustReader(source);
  reader.readItems(root.namedChildren, MODULE_SCOPE);
  return reader.result;
}

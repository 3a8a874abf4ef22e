import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { SymbolKind } from '../../structure/types';
import { unquote, type Extraction } from '../extraction';
import { usedNames } from '../packageScope';
import type { CommentRules, DeclarationNodes, SourceText } from '../sourceText';

const COMMENTS: CommentRules = { isComment: (type) => type === 'comment' };

/**
 * Go has imports only at file level, so one pass over the top-level declarations finds everything but the names
 * the file uses, which one query collects (`packageScope.ts`).
 */
class GoReader {
  readonly result: Extraction = { symbols: [], imports: [] };
  /** The `package` clause's name, or null before (or without) one. */
  packageName: string | null = null;
  /** Top-level funcs, types, vars and consts: what the package's other files can use. */
  readonly declares: string[] = [];

  constructor(private readonly source: SourceText) {}

  readFile(declarations: SyntaxNode[]): void {
    for (let i = 0; i < declarations.length; i++) {
      const declaration = declarations[i];
      switch (declaration.type) {
        case 'package_clause': {
          const name = declaration.firstNamedChild;
          if (name?.type === 'package_identifier') this.packageName ??= this.source.text(name);
          break;
        }
        case 'var_declaration':
          this.readVars(declaration);
          break;
        case 'import_declaration':
          this.readImports(declaration);
          break;
        case 'function_declaration':
          this.readFunction(declarations, i, null);
          break;
        case 'method_declaration':
          this.readFunction(declarations, i, receiverTypeName(declaration.childForFieldName('receiver'), this.source));
          break;
        case 'type_declaration':
          this.readSpecs(declarations, i, ['type_spec', 'type_alias']);
          break;
        case 'const_declaration':
          this.readSpecs(declarations, i, ['const_spec']);
          break;
        case 'ERROR':
          this.readFile(declaration.namedChildren);
          break;
      }
    }
  }

  private readImports(declaration: SyntaxNode): void {
    for (const child of declaration.namedChildren) {
      if (child.type === 'import_spec') this.readImportSpec(child);
      else if (child.type === 'import_spec_list') {
        for (const spec of child.namedChildren) if (spec.type === 'import_spec') this.readImportSpec(spec);
      }
    }
  }

  private readImportSpec(spec: SyntaxNode): void {
    const path = spec.childForFieldName('path');
    if (!path) return;
    const specifier = unquote(this.source.text(path));
    this.result.imports.push({ specifier, syntax: 'go', typeOnly: false, line: this.source.startLine(spec) });
  }

  private readFunction(declarations: SyntaxNode[], index: number, receiver: string | null): void {
    const declaration = declarations[index];
    const nameNode = declaration.childForFieldName('name');
    if (!nameNode) return;
    const doc = this.source.leadingDoc(declarations, index, COMMENTS);
    const nodes = { outer: declaration, name: nameNode, body: declaration.childForFieldName('body') };
    const kind = receiver === null ? 'function' : 'method';
    const name = this.source.text(nameNode);
    if (receiver === null) this.declares.push(name);
    this.result.symbols.push(this.source.symbol(kind, name, receiver, nodes, doc));
  }

  /** `var x = 1` / `var ( ... )`: not outline symbols, but names the package's other files can use. */
  private readVars(declaration: SyntaxNode): void {
    const list = declaration.firstNamedChild;
    const specs = list?.type === 'var_spec_list' ? list.namedChildren : declaration.namedChildren;
    for (const spec of specs) {
      if (spec.type !== 'var_spec') continue;
      for (const nameNode of spec.childrenForFieldName('name')) {
        if (nameNode.type === 'identifier') this.declares.push(this.source.text(nameNode));
      }
    }
  }

  /**
   * `type X struct{}` / `const A = 1`, alone or grouped in parentheses. A lone spec takes the declaration's
   * line range and comment; a grouped spec its own.
   */
  private readSpecs(declarations: SyntaxNode[], index: number, specTypes: readonly string[]): void {
    const declaration = declarations[index];
    const specs = declaration.namedChildren;
    const grouped = specs.length !== 1 || specs[0].startPosition.row !== declaration.startPosition.row;
    for (let i = 0; i < specs.length; i++) {
      const spec = specs[i];
      if (!specTypes.includes(spec.type)) continue;
      const doc = grouped
        ? this.source.leadingDoc(specs, i, COMMENTS)
        : this.source.leadingDoc(declarations, index, COMMENTS);
      const outer = grouped ? spec : declaration;
      if (spec.type === 'const_spec') {
        for (const nameNode of spec.childrenForFieldName('name')) {
          if (nameNode.type !== 'identifier') continue;
          this.declares.push(this.source.text(nameNode));
          this.result.symbols.push(this.source.symbol('constant', this.source.text(nameNode), null, { outer, name: nameNode }, doc));
        }
        continue;
      }
      const nameNode = spec.childForFieldName('name');
      if (!nameNode) continue;
      this.declares.push(this.source.text(nameNode));
      const typeNode = spec.childForFieldName('type');
      // The struct's field list starts at its `{`; interfaces keep their one-line body in the signature.
      const body = typeNode?.type === 'struct_type' ? typeNode.firstNamedChild : null;
      const nodes: DeclarationNodes = { outer, name: nameNode, body };
      this.result.symbols.push(this.source.symbol(typeKind(spec, typeNode), this.source.text(nameNode), null, nodes, doc));
    }
  }
}

function typeKind(spec: SyntaxNode, typeNode: SyntaxNode | null): SymbolKind {
  if (spec.type === 'type_alias') return 'type';
  if (typeNode?.type === 'struct_type') return 'class';
  if (typeNode?.type === 'interface_type') return 'interface';
  return 'type';
}

/** `(s *Server)` → 'Server', `(g G[T])` → 'G'. */
function receiverTypeName(receiver: SyntaxNode | null, source: SourceText): string | null {
  const parameter = receiver?.firstNamedChild;
  let type = parameter?.childForFieldName('type') ?? null;
  while (type && type.type !== 'type_identifier') {
    type = type.type === 'pointer_type' ? type.firstNamedChild : type.childForFieldName('type');
  }
  if (type) return source.text(type);
  // Unusual receivers still make a method; fall back to the text without `*` and type arguments.
  const text = parameter ? source.text(parameter.childForFieldName('type') ?? parameter) : '';
  return text.replace(/^[\s*(]+/, '').replace(/[[(].*$/s, '').trim() || null;
}

/** The names imports bind in the file (guessed as the path's last element): they never name the package's own things. */
function importedPackageNames(paths: string[]): Set<string> {
  const names = new Set<string>();
  for (const path of paths) {
    const last = path.slice(path.lastIndexOf('/') + 1);
    names.add(/^v\d+$/.test(last) ? path.split('/').at(-2) ?? last : last);
  }
  return names;
}

export function extractGo(root: SyntaxNode, source: SourceText): Extraction {
  const reader = new GoReader(source);
  reader.readFile(root.namedChildren);
  if (reader.packageName === null) return reader.result;
  const declares = [...new Set(reader.declares)].filter((name) => name !== '_' && name !== 'init');
  const references = usedNames(root, source.content, 'go', importedPackageNames(reader.result.imports.map((i) => i.specifier)));
  // A file that neither declares nor uses a name links to nothing.
  if (declares.length > 0 || references.length > 0) reader.result.packageScope = { name: reader.packageName, declares, references };
  return reader.result;
}

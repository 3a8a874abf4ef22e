import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { RawImport, SymbolKind } from '../../structure/types';
import { hasChildOfType, type Extraction } from '../extraction';
import { usedNames } from '../packageScope';
import type { CommentRules, SourceText } from '../sourceText';

const COMMENTS: CommentRules = { isComment: (type) => type === 'line_comment' || type === 'block_comment' };

const TYPE_KINDS: Readonly<Record<string, SymbolKind>> = {
  class_declaration: 'class',
  record_declaration: 'class',
  interface_declaration: 'interface',
  annotation_type_declaration: 'interface',
  enum_declaration: 'enum',
};

const METHOD_TYPES: ReadonlySet<string> = new Set([
  'method_declaration',
  'constructor_declaration',
  'compact_constructor_declaration',
]);

/** Java imports and the package live at file level; members are read from nested type bodies. */
class JavaReader {
  readonly result: Extraction = { symbols: [], imports: [] };
  /** Top-level classes, interfaces, enums, records and annotation types: what the package's other files can use. */
  readonly declares: string[] = [];

  constructor(private readonly source: SourceText) {}

  readFile(declarations: SyntaxNode[]): void {
    for (let i = 0; i < declarations.length; i++) {
      const declaration = declarations[i];
      const type = declaration.type;
      if (type === 'package_declaration') this.readPackage(declaration);
      else if (type === 'import_declaration') this.readImport(declaration);
      else if (type === 'ERROR') this.readFile(declaration.namedChildren);
      else if (type in TYPE_KINDS) this.readType(declarations, i, null);
    }
  }

  private readPackage(declaration: SyntaxNode): void {
    for (const child of declaration.namedChildren) {
      if (child.type === 'scoped_identifier' || child.type === 'identifier') {
        this.result.javaPackage = compact(this.source.text(child));
        return;
      }
    }
  }

  /** `import a.b.C;`, `import a.b.*;`, `import static a.b.C.m;`, `import static a.b.C.*;`. */
  private readImport(declaration: SyntaxNode): void {
    let specifier: string | null = null;
    let wildcard = false;
    for (const child of declaration.namedChildren) {
      if (child.type === 'scoped_identifier' || child.type === 'identifier') specifier = compact(this.source.text(child));
      else if (child.type === 'asterisk') wildcard = true;
    }
    if (specifier === null) return;
    const entry: RawImport = { specifier, syntax: 'java', typeOnly: false, line: this.source.startLine(declaration) };
    if (hasChildOfType(declaration, 'static')) entry.isStatic = true;
    if (wildcard) entry.wildcard = true;
    this.result.imports.push(entry);
  }

  /** A class, interface, enum, record or annotation type, then its members; nested types get it as parent. */
  private readType(siblings: SyntaxNode[], index: number, parent: string | null): void {
    const declaration = siblings[index];
    const nameNode = declaration.childForFieldName('name');
    if (!nameNode) return;
    const name = this.source.text(nameNode);
    if (parent === null) this.declares.push(name);
    const body = declaration.childForFieldName('body');
    const doc = this.source.leadingDoc(siblings, index, COMMENTS);
    const nodes = { outer: declaration, name: nameNode, body };
    this.result.symbols.push(this.source.symbol(TYPE_KINDS[declaration.type], name, parent, nodes, doc));
    if (body) this.readMembers(body.namedChildren, name);
  }

  private readMembers(members: SyntaxNode[], owner: string): void {
    for (let i = 0; i < members.length; i++) {
      const member = members[i];
      const type = member.type;
      if (type in TYPE_KINDS) this.readType(members, i, owner);
      else if (METHOD_TYPES.has(type)) this.readMethod(members, i, owner);
      else if (type === 'field_declaration' || type === 'constant_declaration') this.readConstants(members, i, owner);
      else if (type === 'enum_body_declarations') this.readMembers(member.namedChildren, owner);
    }
  }

  private readMethod(members: SyntaxNode[], index: number, owner: string): void {
    const method = members[index];
    const nameNode = method.childForFieldName('name');
    if (!nameNode) return;
    const doc = this.source.leadingDoc(members, index, COMMENTS);
    const nodes = { outer: method, name: nameNode, body: method.childForFieldName('body') };
    this.result.symbols.push(this.source.symbol('method', this.source.text(nameNode), owner, nodes, doc));
  }

  /** `static final` fields, and interface fields (implicitly static final). */
  private readConstants(members: SyntaxNode[], index: number, owner: string): void {
    const field = members[index];
    if (field.type === 'field_declaration') {
      const modifiers = field.namedChildren.find((child) => child.type === 'modifiers');
      if (!modifiers || !hasChildOfType(modifiers, 'static') || !hasChildOfType(modifiers, 'final')) return;
    }
    const doc = this.source.leadingDoc(members, index, COMMENTS);
    for (const declarator of field.childrenForFieldName('declarator')) {
      const nameNode = declarator.childForFieldName('name');
      if (!nameNode) continue;
      const nodes = { outer: field, name: nameNode };
      this.result.symbols.push(this.source.symbol('constant', this.source.text(nameNode), owner, nodes, doc));
    }
  }
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

export function extractJava(root: SyntaxNode, source: SourceText): Extraction {
  const reader = new JavaReader(source);
  reader.readFile(root.namedChildren);
  const { result } = reader;
  // A single-type import names a class of another package, even where the file's own package has one too.
  const imported = new Set<string>();
  for (const imp of result.imports) {
    if (!imp.isStatic && !imp.wildcard) imported.add(imp.specifier.slice(imp.specifier.lastIndexOf('.') + 1));
  }
  const declares = [...new Set(reader.declares)];
  const references = usedNames(root, source.content, 'java', imported);
  // A file that neither declares nor uses a type links to nothing.
  if (declares.length > 0 || references.length > 0) result.packageScope = { name: result.javaPackage ?? '', declares, references };
  return result;
}

import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { ImportSyntax, OutlineSymbol, SymbolKind } from '../../structure/types';
import { hasChildOfType, unquote, type Extraction } from '../extraction';
import { KeywordHits, scanForKeywordNodes } from '../keywordScan';
import type { CommentRules, SourceText } from '../sourceText';

/** JavaScript, TypeScript and TSX share one extractor: the TS grammars extend the JS one. */

const COMMENTS: CommentRules = {
  isComment: (type) => type === 'comment',
  isTransparent: (type) => type === 'decorator',
};

const CALL_KEYWORDS = ['require', 'import'];
const CALL_TYPES: ReadonlySet<string> = new Set(['call_expression']);

const CLASS_TYPES: ReadonlySet<string> = new Set(['class_declaration', 'abstract_class_declaration', 'class']);
const FUNCTION_TYPES: ReadonlySet<string> = new Set([
  'function_declaration',
  'generator_function_declaration',
  'function_signature',
  'function_expression',
  'function',
  'generator_function',
  'arrow_function',
]);
/** Values that make `const x = ...` a function rather than a constant. */
const FUNCTION_VALUE_TYPES: ReadonlySet<string> = new Set([
  'arrow_function',
  'function_expression',
  'function',
  'generator_function',
]);
const SIMPLE_KINDS: Readonly<Record<string, SymbolKind>> = {
  interface_declaration: 'interface',
  type_alias_declaration: 'type',
  enum_declaration: 'enum',
};

class JavaScriptReader {
  readonly result: Extraction = { symbols: [], imports: [] };
  private readonly hits: KeywordHits;
  /** The last symbol came from an overload signature; the next same-named one is merged into it. */
  private overload: OutlineSymbol | null = null;

  constructor(private readonly source: SourceText) {
    this.hits = new KeywordHits(source.content, CALL_KEYWORDS);
  }

  readStatements(statements: SyntaxNode[]): void {
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i];
      const type = statement.type;
      if (type === 'comment') continue;
      if (type === 'import_statement') {
        this.readImport(statement);
      } else if (type === 'export_statement' && statement.childForFieldName('source')) {
        this.readExportFrom(statement);
      } else if (type === 'ERROR') {
        // Best effort: statements the parser could not place still carry declarations.
        this.readStatements(statement.namedChildren);
      } else {
        this.readDeclaration(statements, i);
        scanForKeywordNodes(statement, this.hits, CALL_TYPES, (call) => this.readCall(call));
      }
    }
  }

  private readDeclaration(statements: SyntaxNode[], index: number): void {
    const outer = statements[index];
    let declaration: SyntaxNode | null = outer;
    if (outer.type === 'export_statement') {
      declaration = outer.childForFieldName('declaration') ?? outer.childForFieldName('value');
    }
    if (declaration?.type === 'ambient_declaration') declaration = declaration.firstNamedChild;
    if (!declaration) return;
    const type = declaration.type;
    const isTopLevelKind =
      CLASS_TYPES.has(type) ||
      FUNCTION_TYPES.has(type) ||
      type === 'lexical_declaration' ||
      type === 'variable_declaration' ||
      type === 'method_definition' ||
      type in SIMPLE_KINDS;
    if (!isTopLevelKind) return;
    const doc = this.source.leadingDoc(statements, index, COMMENTS);
    const nameNode = declaration.childForFieldName('name');
    const name = nameNode ? this.source.text(nameNode) : 'default';
    const body = declaration.childForFieldName('body');
    const nodes = { outer, name: nameNode, body };

    if (CLASS_TYPES.has(type)) {
      this.add(this.source.symbol('class', name, null, nodes, doc));
      if (body) this.readClassBody(body, name);
    } else if (FUNCTION_TYPES.has(type) || type === 'method_definition') {
      this.add(this.source.symbol('function', name, null, nodes, doc), type === 'function_signature');
    } else if (type === 'lexical_declaration' || type === 'variable_declaration') {
      this.readVariables(declaration, outer, doc);
    } else {
      this.add(this.source.symbol(SIMPLE_KINDS[type], name, null, nodes, doc));
    }
  }

  /** `const f = () => ...` is a function; other `const` values are constants; `let`/`var` only count as functions. */
  private readVariables(declaration: SyntaxNode, outer: SyntaxNode, doc: string | null): void {
    const isConst = declaration.childForFieldName('kind')?.type === 'const';
    for (const declarator of declaration.namedChildren) {
      if (declarator.type !== 'variable_declarator') continue;
      const nameNode = declarator.childForFieldName('name');
      if (nameNode?.type !== 'identifier') continue; // destructuring declares no single name
      const name = this.source.text(nameNode);
      const value = declarator.childForFieldName('value');
      const valueType = value?.type ?? '';
      if (FUNCTION_VALUE_TYPES.has(valueType)) {
        const body = value?.childForFieldName('body') ?? null;
        this.add(this.source.symbol('function', name, null, { outer, name: nameNode, body }, doc));
      } else if (CLASS_TYPES.has(valueType)) {
        const body = value?.childForFieldName('body') ?? null;
        this.add(this.source.symbol('class', name, null, { outer, name: nameNode, body }, doc));
        if (body) this.readClassBody(body, name);
      } else if (isConst) {
        this.add(this.source.symbol('constant', name, null, { outer, name: nameNode }, doc));
      }
    }
  }

  private readClassBody(body: SyntaxNode, className: string): void {
    const members = body.namedChildren;
    for (let i = 0; i < members.length; i++) {
      const member = members[i];
      const type = member.type;
      let callable: SyntaxNode | null = member;
      if (type === 'public_field_definition' || type === 'field_definition') {
        // Arrow-function fields behave as methods; plain fields are not outlined.
        const value = member.childForFieldName('value');
        callable = value && FUNCTION_VALUE_TYPES.has(value.type) ? value : null;
      } else if (type !== 'method_definition' && type !== 'method_signature' && type !== 'abstract_method_signature') {
        continue;
      }
      if (!callable) continue;
      const nameNode = member.childForFieldName('name') ?? member.childForFieldName('property');
      if (!nameNode) continue;
      const doc = this.source.leadingDoc(members, i, COMMENTS);
      const nodes = { outer: member, name: nameNode, body: callable.childForFieldName('body') };
      const symbol = this.source.symbol('method', this.source.text(nameNode), className, nodes, doc);
      this.add(symbol, type === 'method_signature');
    }
  }

  /** Adds a symbol, folding TS overload signatures into the implementation that follows them. */
  private add(symbol: OutlineSymbol, isOverloadSignature = false): void {
    const overload = this.overload;
    if (overload && overload.name === symbol.name && overload.parent === symbol.parent && overload.kind === symbol.kind) {
      overload.endLine = symbol.endLine;
      overload.signature = symbol.signature;
      overload.doc ??= symbol.doc;
      if (!isOverloadSignature) this.overload = null;
      return;
    }
    this.result.symbols.push(symbol);
    this.overload = isOverloadSignature ? symbol : null;
  }

  private readImport(statement: SyntaxNode): void {
    let typeOnly = false;
    let syntax: ImportSyntax = 'esm';
    let source = statement.childForFieldName('source');
    for (const child of statement.children) {
      const type = child.type;
      if (type === 'type') typeOnly = true;
      else if (type === 'import_clause') typeOnly ||= everySpecifierIsType(child, 'named_imports', 'import_specifier');
      else if (type === 'import_require_clause') {
        syntax = 'require';
        source = child.childForFieldName('source');
      }
    }
    if (source?.type !== 'string') return;
    this.addImport(unquote(this.source.text(source)), syntax, typeOnly, statement);
  }

  private readExportFrom(statement: SyntaxNode): void {
    const source = statement.childForFieldName('source');
    if (source?.type !== 'string') return;
    let typeOnly = false;
    for (const child of statement.children) {
      if (child.type === 'type') typeOnly = true;
      else if (child.type === 'export_clause') typeOnly ||= everySpecifierIsType(child, null, 'export_specifier');
    }
    this.addImport(unquote(this.source.text(source)), 'export-from', typeOnly, statement);
  }

  /** `require('x')` and `import('x')` with a literal argument; returns whether to keep searching inside. */
  private readCall(call: SyntaxNode): boolean {
    const callee = call.childForFieldName('function');
    if (!callee) return true;
    const calleeType = callee.type;
    let syntax: ImportSyntax;
    if (calleeType === 'import') syntax = 'dynamic';
    else if (calleeType === 'identifier' && this.source.text(callee) === 'require') syntax = 'require';
    else return true;
    const argument = call.childForFieldName('arguments')?.firstNamedChild ?? null;
    const specifier = argument ? this.literalText(argument) : null;
    if (specifier === null) return true;
    this.addImport(specifier, syntax, false, call);
    return false;
  }

  /** A string literal or a template literal without substitutions; null for anything computed. */
  private literalText(node: SyntaxNode): string | null {
    const type = node.type;
    if (type === 'string') return unquote(this.source.text(node));
    if (type === 'template_string' && !node.namedChildren.some((part) => part.type === 'template_substitution')) {
      return unquote(this.source.text(node));
    }
    return null;
  }

  private addImport(specifier: string, syntax: ImportSyntax, typeOnly: boolean, node: SyntaxNode): void {
    this.result.imports.push({ specifier, syntax, typeOnly, line: this.source.startLine(node) });
  }
}

/**
 * `import {type a, type b}` / `export {type a}`: true when there is at least one specifier and all are `type`.
 * A default or namespace import next to the braces makes the import a value import.
 */
function everySpecifierIsType(clause: SyntaxNode, listType: string | null, specifierType: string): boolean {
  let list = clause;
  if (listType !== null) {
    const parts = clause.namedChildren;
    if (parts.length !== 1 || parts[0].type !== listType) return false;
    list = parts[0];
  }
  let count = 0;
  for (const specifier of list.namedChildren) {
    if (specifier.type !== specifierType) continue;
    if (!hasChildOfType(specifier, 'type')) return false;
    count++;
  }
  return count > 0;
}

export function extractJavaScript(root: SyntaxNode, source: SourceText): Extraction {
  const reader = new JavaScriptReader(source);
  reader.readStatements(root.namedChildren);
  return reader.result;
}

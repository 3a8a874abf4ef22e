import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { RawImport } from '../../structure/types';
import type { Extraction } from '../extraction';
import { KeywordHits, scanForKeywordNodes } from '../keywordScan';
import { firstTextLine, type CommentRules, type SourceText } from '../sourceText';

const COMMENTS: CommentRules = { isComment: (type) => type === 'comment' };

const IMPORT_KEYWORDS = ['import'];
const IMPORT_TYPES: ReadonlySet<string> = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/** Module-level names written in UPPER_CASE are treated as constants. */
const CONSTANT_NAME = /^_*[A-Z][A-Z0-9_]*$/;
const STRING_PREFIX_AND_QUOTES = /^[A-Za-z]*("""|'''|"|')([\s\S]*?)\1?$/;

class PythonReader {
  readonly result: Extraction = { symbols: [], imports: [] };
  private readonly hits: KeywordHits;

  constructor(private readonly source: SourceText) {
    this.hits = new KeywordHits(source.content, IMPORT_KEYWORDS);
  }

  readModule(statements: SyntaxNode[]): void {
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i];
      const type = statement.type;
      if (IMPORT_TYPES.has(type)) {
        this.readImport(statement, type);
        continue;
      }
      if (type === 'ERROR') {
        this.readModule(statement.namedChildren);
        continue;
      }
      if (type === 'expression_statement') this.readConstant(statements, i);
      else this.readDefinition(statements, i, null);
      // Imports nested in functions, try blocks and `if TYPE_CHECKING:` count too.
      scanForKeywordNodes(statement, this.hits, IMPORT_TYPES, (node, nodeType) => {
        this.readImport(node, nodeType);
        return false;
      });
    }
  }

  /** A class, function or method at `siblings[index]`; nested functions inside functions are not outlined. */
  private readDefinition(siblings: SyntaxNode[], index: number, className: string | null): void {
    const outer = siblings[index];
    const definition = outer.type === 'decorated_definition' ? outer.childForFieldName('definition') : outer;
    if (!definition) return;
    const type = definition.type;
    if (type !== 'class_definition' && type !== 'function_definition') return;
    const nameNode = definition.childForFieldName('name');
    if (!nameNode) return;
    const name = this.source.text(nameNode);
    const body = definition.childForFieldName('body');
    const doc = this.docstring(body) ?? this.source.leadingDoc(siblings, index, COMMENTS);
    const nodes = { outer, head: definition, name: nameNode, body };
    if (type === 'function_definition') {
      this.result.symbols.push(this.source.symbol(className ? 'method' : 'function', name, className, nodes, doc));
      return;
    }
    this.result.symbols.push(this.source.symbol('class', name, className, nodes, doc));
    if (!body) return;
    const members = body.namedChildren;
    for (let i = 0; i < members.length; i++) this.readDefinition(members, i, name);
  }

  /** `MAX_SIZE = 10` / `MAX_SIZE: int = 10` at module level. */
  private readConstant(statements: SyntaxNode[], index: number): void {
    const statement = statements[index];
    const assignment = statement.firstNamedChild;
    if (assignment?.type !== 'assignment') return;
    const target = assignment.childForFieldName('left');
    if (target?.type !== 'identifier') return;
    const name = this.source.text(target);
    if (!CONSTANT_NAME.test(name)) return;
    const doc = this.source.leadingDoc(statements, index, COMMENTS);
    this.result.symbols.push(this.source.symbol('constant', name, null, { outer: statement, name: target }, doc));
  }

  /** First line of the string literal that opens a body, or null. */
  private docstring(body: SyntaxNode | null): string | null {
    if (!body) return null;
    for (const statement of body.namedChildren) {
      if (statement.type === 'comment') continue;
      if (statement.type !== 'expression_statement') return null;
      const literal = statement.firstNamedChild;
      if (literal?.type !== 'string' || statement.namedChildCount !== 1) return null;
      const match = STRING_PREFIX_AND_QUOTES.exec(this.source.text(literal));
      return match ? firstTextLine(match[2]) : null;
    }
    return null;
  }

  private readImport(statement: SyntaxNode, type: string): void {
    const line = this.source.startLine(statement);
    const typeOnly = isUnderTypeChecking(statement, this.source);
    if (type === 'import_statement') {
      // `import a.b, c as d`: one import per module.
      for (const name of statement.childrenForFieldName('name')) {
        const module = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
        if (module) this.add({ specifier: compact(this.source.text(module)), syntax: 'python-import', typeOnly, line, level: 0 });
      }
      return;
    }
    let specifier = '__future__';
    let level = 0;
    if (type === 'import_from_statement') {
      const module = statement.childForFieldName('module_name');
      if (!module) return;
      if (module.type === 'relative_import') {
        specifier = '';
        for (const part of module.namedChildren) {
          if (part.type === 'import_prefix') level = countDots(this.source.text(part));
          else if (part.type === 'dotted_name') specifier = compact(this.source.text(part));
        }
      } else {
        specifier = compact(this.source.text(module));
      }
    }
    const names: string[] = [];
    for (const child of statement.namedChildren) {
      if (child.type === 'wildcard_import') names.push('*');
    }
    for (const name of statement.childrenForFieldName('name')) {
      const imported = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
      if (imported) names.push(compact(this.source.text(imported)));
    }
    this.add({ specifier, syntax: 'python-from', typeOnly, line, names, level });
  }

  private add(entry: RawImport): void {
    this.result.imports.push(entry);
  }
}

/** Inside the body of `if TYPE_CHECKING:` / `if typing.TYPE_CHECKING:` (not its else branch). */
function isUnderTypeChecking(statement: SyntaxNode, source: SourceText): boolean {
  let child = statement;
  for (let parent = statement.parent; parent; child = parent, parent = parent.parent) {
    const type = parent.type;
    if (type === 'module') return false;
    if (type !== 'if_statement') continue;
    const consequence = parent.childForFieldName('consequence');
    if (consequence?.startIndex !== child.startIndex) continue;
    const condition = parent.childForFieldName('condition');
    if (condition && /^(?:[A-Za-z_][\w.]*\.)?TYPE_CHECKING$/.test(source.text(condition))) return true;
  }
  return false;
}

function countDots(prefix: string): number {
  let dots = 0;
  for (const char of prefix) if (char === '.') dots++;
  return dots;
}

/** Dotted names may contain spaces or line continuations (`a . b`); specifiers never do. */
function compact(text: string): string {
  return text.replace(/[\s\\]+/g, '');
}

export function extractPython(root: SyntaxNode, source: SourceText): Extraction {
  const reader = new PythonReader(source);
  reader.readModule(root.namedChildren);
  return reader.result;
}

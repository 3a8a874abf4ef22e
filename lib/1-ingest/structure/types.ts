/**
 * The shapes every stage of structure extraction shares: walk → parse → resolve → order.
 * Paths are always relative to the repository root, separated by `/`.
 */

export type Language = 'python' | 'javascript' | 'typescript' | 'go' | 'rust' | 'java';

export type SymbolKind = 'class' | 'interface' | 'function' | 'method' | 'type' | 'enum' | 'constant';

export interface OutlineSymbol {
  kind: SymbolKind;
  name: string;
  /** Name of the enclosing symbol (class, impl target, interface...), or null at top level. */
  parent: string | null;
  /** The declaration's first line, trimmed (without the body). */
  signature: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  /** First line of the docstring or leading comment, or null. */
  doc: string | null;
}

/** How an import was written; resolvers use it to apply the right rule. */
export type ImportSyntax =
  | 'esm' // import ... from 'x' / import 'x'
  | 'export-from' // export ... from 'x'
  | 'require' // require('x')
  | 'dynamic' // import('x')
  | 'python-import' // import a.b.c
  | 'python-from' // from X import n  (level > 0 for relative)
  | 'go' // import "path"
  | 'rust-mod' // mod x;
  | 'rust-use' // use crate::a::b
  | 'java' // import a.b.C; / import a.b.*; / import static a.b.C.m;
  ;

export interface RawImport {
  /** As written: 'x', './a', 'a.b.c', 'crate::a::b', 'com.x.Y'. For Python relative imports, the module part without the dots. */
  specifier: string;
  syntax: ImportSyntax;
  /** Type-only imports (`import type`, `export type ... from`, every named specifier `type`). */
  typeOnly: boolean;
  /** 1-based line of the import statement. */
  line: number;
  /** Python `from X import a, b`: ['a','b'] ('*' for star). Rust `use a::{b, c}` is expanded into separate imports instead. */
  names?: string[];
  /** Python relative import level (number of leading dots); 0 for absolute. */
  level?: number;
  /** Java: `import static`, or a wildcard `.*` import. */
  isStatic?: boolean;
  wildcard?: boolean;
}

export interface ParsedFile {
  symbols: OutlineSymbol[];
  imports: RawImport[];
  /** Number of ERROR / MISSING nodes tree-sitter recovered from; the outline is still best-effort. */
  syntaxErrors: number;
  /** Go and Java: what finding uses of the file's own package (which need no import) works from. */
  packageScope?: PackageScope;
}

/** A name a file uses, with the 1-based line of its first use. */
export interface NameUse {
  name: string;
  line: number;
}

/**
 * Go files of one folder and package, and Java classes of one package, use each other without imports.
 * Each such file records its package, the top-level names it gives the package and the names it uses.
 */
export interface PackageScope {
  /** Go: the `package` clause's name. Java: the package declaration, '' for the default package. */
  name: string;
  /** Top-level names other files of the package can use: Go funcs, types, vars and consts (not methods); Java top-level types. */
  declares: string[];
  /**
   * Names the file uses that may be declared by another file of its package, in order of first use, each once.
   * Names the file declares itself (at any level: locals, parameters, type parameters; Java: also single-type
   * imports) are left out, as are Go's predeclared identifiers.
   */
  references: NameUse[];
}

/**
 * `import` / `type-only`: a resolved import statement. `same-package`: a Go or Java file using, without an import,
 * a top-level name another file of its package declares (the specifier lists the names, the line is the first use).
 */
export type EdgeKind = 'import' | 'type-only' | 'same-package';

export interface Edge {
  from: string;
  to: string;
  kind: EdgeKind;
  specifier: string;
  line: number;
}

export interface ExternalImport {
  from: string;
  specifier: string;
  line: number;
}

export interface UnresolvedImport {
  from: string;
  specifier: string;
  reason: string;
  line: number;
}

export interface Skipped {
  path: string;
  reason: string;
}

/** What resolvers see of the repository: every walked file, and the text of small config files. */
export interface RepoIndex {
  /** Every included file path (source and non-source). */
  files: ReadonlySet<string>;
  /** Text of an included file (config files like tsconfig.json, package.json, go.mod), or undefined. */
  read(path: string): string | undefined;
  /**
   * Name of the ingested folder itself ('json' for …/json). A Python package at the root is imported under this name by
   * its own files (`from json import scanner`); undefined when unknown, and then no import names the root.
   */
  rootName?: string;
}

export interface ResolveResult {
  edges: Edge[];
  external: ExternalImport[];
  unresolved: UnresolvedImport[];
}

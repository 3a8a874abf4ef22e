import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Language as TreeSitterLanguage, Parser, type Node as SyntaxNode, type Tree } from 'web-tree-sitter';
import type { ParsedFile } from '../structure/types';
import type { Extractor } from './extraction';
import { grammarFor, type Grammar } from './language';
import { extractGo } from './languages/go';
import { extractJava } from './languages/java';
import { extractJavaScript } from './languages/javascript';
import { extractPython } from './languages/python';
import { extractRust } from './languages/rust';
import { SourceText } from './sourceText';

/** A parsed file; Java files also carry their `package` declaration. */
export type ParsedFileDetail = ParsedFile & { javaPackage?: string };

export interface FileParser {
  /** Outline and imports of one file from a single parse. Never throws; unsupported paths give an empty result. */
  parse(path: string, content: string): ParsedFileDetail;
  /** Parses and frees the tree without reading it: the baseline for throughput measurements. */
  rawParse(path: string, content: string): void;
}

export interface FileParserOptions {
  /** Give up on a single file after this long (its result is empty with one syntax error). 0 disables. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** npm package and file of each grammar's wasm build. */
const GRAMMAR_FILES: Readonly<Record<Grammar, string>> = {
  python: 'tree-sitter-python/tree-sitter-python.wasm',
  javascript: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-typescript/tree-sitter-tsx.wasm',
  go: 'tree-sitter-go/tree-sitter-go.wasm',
  rust: 'tree-sitter-rust/tree-sitter-rust.wasm',
  java: 'tree-sitter-java/tree-sitter-java.wasm',
};

const EXTRACTORS: Readonly<Record<Grammar, Extractor>> = {
  python: extractPython,
  javascript: extractJavaScript,
  typescript: extractJavaScript,
  tsx: extractJavaScript,
  go: extractGo,
  rust: extractRust,
  java: extractJava,
};

/**
 * Finds a file inside an installed package. Resolution from this module works under node/tsx;
 * bundlers can move this module away from node_modules, so the working directory is the fallback.
 */
function resolvePackageFile(request: string): string {
  const bases = [import.meta.url, join(process.cwd(), 'package.json')];
  for (const base of bases) {
    try {
      return createRequire(base).resolve(request);
    } catch {
      // try the next base
    }
  }
  throw new Error(`lib/1-ingest/parse: cannot find ${request}; is the package installed?`);
}

/** The wasm files parsing runs on (the runtime and every grammar): part of the parse cache's fingerprint. */
export function parserRuntimeFiles(): string[] {
  return ['web-tree-sitter/web-tree-sitter.wasm', ...Object.values(GRAMMAR_FILES)].map(resolvePackageFile);
}

let runtimeReady: Promise<void> | null = null;

/** web-tree-sitter's wasm runtime is process-wide and must be initialised exactly once. */
function initRuntime(): Promise<void> {
  runtimeReady ??= Parser.init({
    locateFile: (file: string) => (file.endsWith('.wasm') ? resolvePackageFile(`web-tree-sitter/${file}`) : file),
  }).catch((error: unknown) => {
    runtimeReady = null;
    throw error;
  });
  return runtimeReady;
}

interface LoadedGrammar {
  parser: Parser;
  extract: Extractor;
}

/** What a file tree-sitter could not parse (crash, timeout) yields: nothing, flagged as broken. */
function unparsed(): ParsedFileDetail {
  return { symbols: [], imports: [], syntaxErrors: 1 };
}

class TreeSitterFileParser implements FileParser {
  private readonly grammars = new Map<Grammar, LoadedGrammar>();

  constructor(private readonly timeoutMs: number) {}

  parse(path: string, content: string): ParsedFileDetail {
    const grammar = grammarFor(path);
    if (grammar === null) return { symbols: [], imports: [], syntaxErrors: 0 };
    const text = withoutByteOrderMark(content);
    let loaded: LoadedGrammar;
    let tree: Tree | null;
    try {
      loaded = this.load(grammar);
      tree = this.parseTree(loaded.parser, text);
    } catch {
      return unparsed();
    }
    if (!tree) return unparsed();
    try {
      const root = tree.rootNode;
      const extraction = loaded.extract(root, new SourceText(text));
      const result: ParsedFileDetail = {
        symbols: extraction.symbols,
        imports: extraction.imports,
        syntaxErrors: countSyntaxErrors(root),
      };
      if (extraction.javaPackage !== undefined) result.javaPackage = extraction.javaPackage;
      if (extraction.packageScope !== undefined) result.packageScope = extraction.packageScope;
      return result;
    } catch {
      // An extractor bug on an odd tree must not take the whole run down.
      return unparsed();
    } finally {
      tree.delete();
    }
  }

  rawParse(path: string, content: string): void {
    const grammar = grammarFor(path);
    if (grammar === null) return;
    try {
      this.parseTree(this.load(grammar).parser, withoutByteOrderMark(content))?.delete();
    } catch {
      // same contract as parse(): never throw
    }
  }

  private parseTree(parser: Parser, text: string): Tree | null {
    if (this.timeoutMs <= 0) return parser.parse(text);
    const deadline = performance.now() + this.timeoutMs;
    const tree = parser.parse(text, null, { progressCallback: () => performance.now() > deadline });
    // A cancelled parse would otherwise resume on the next file.
    if (!tree) parser.reset();
    return tree;
  }

  /** Grammars are compiled on first use, synchronously, so parse() can stay synchronous. */
  private load(grammar: Grammar): LoadedGrammar {
    let loaded = this.grammars.get(grammar);
    if (!loaded) {
      const parser = new Parser();
      parser.setLanguage(compiledLanguage(grammar));
      loaded = { parser, extract: EXTRACTORS[grammar] };
      this.grammars.set(grammar, loaded);
    }
    return loaded;
  }
}

/** Compiling a grammar's wasm takes up to a few hundred ms: once per thread, shared by every parser. */
const compiledLanguages = new Map<Grammar, TreeSitterLanguage>();

function compiledLanguage(grammar: Grammar): TreeSitterLanguage {
  let language = compiledLanguages.get(grammar);
  if (!language) {
    const bytes = readFileSync(resolvePackageFile(GRAMMAR_FILES[grammar]));
    language = TreeSitterLanguage.loadSync(new WebAssembly.Module(bytes));
    compiledLanguages.set(grammar, language);
  }
  return language;
}

function withoutByteOrderMark(content: string): string {
  return content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
}

/** ERROR and MISSING nodes; only subtrees flagged as containing errors are visited. */
function countSyntaxErrors(root: SyntaxNode): number {
  if (!root.hasError) return 0;
  let count = 0;
  const pending: SyntaxNode[] = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.isError || node.isMissing) count++;
    for (const child of node.children) {
      if (child.hasError || child.isMissing) pending.push(child);
    }
  }
  return count;
}

/** Initialises web-tree-sitter (once per process); grammars load lazily on first use. */
export async function createFileParser(options: FileParserOptions = {}): Promise<FileParser> {
  await initRuntime();
  return new TreeSitterFileParser(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
}

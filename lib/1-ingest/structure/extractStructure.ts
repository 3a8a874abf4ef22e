import { createHash } from 'node:crypto';
import { implementationOrder } from '../order/order';
import type { ParseCache } from '../parse/parseCache';
import { parseFiles } from '../parse/parseFiles';
import type { ParsedFileDetail } from '../parse/parser';
import { languageOf } from '../parse/language';
import type { WalkResult } from '../walk/walk';
import { resolveImports } from './resolveImports';
import { samePackageEdges, type PackageFile } from './samePackage';
import type { Edge, ExternalImport, Language, OutlineSymbol, Skipped, UnresolvedImport } from './types';

export interface FileStructure {
  path: string;
  /** null for files Retrace does not parse (README, config...). */
  language: Language | null;
  bytes: number;
  lines: number;
  sha256: string;
  content: string;
  symbols: OutlineSymbol[];
  syntaxErrors: number;
}

/** The structure of a repository: step 1 of the method. */
export interface RepoStructure {
  files: FileStructure[];
  edges: Edge[];
  external: ExternalImport[];
  unresolved: UnresolvedImport[];
  /** Strongly connected components of two or more source files, in implementation order. */
  cycles: string[][];
  /** Every source file once, dependencies first. */
  order: string[];
  skipped: Skipped[];
}

export type ProgressListener = (phase: 'parse' | 'resolve' | 'order', done: number, total: number) => void;

export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n : n + 1;
}

export interface ExtractOptions {
  /** Threads to parse on (default: the machine's cores, at most 8). */
  threads?: number;
  onProgress?: ProgressListener;
  /**
   * The name the repository's root folder is imported by when it is itself a package (see `RepoIndex.rootName`).
   * Default: the walked folder's own name; a clone or an extracted archive, walked in a temporary folder, passes its own.
   */
  rootName?: string;
  /** Earlier parses to reuse by content (`retrace graph` keeps one per tree). */
  parseCache?: ParseCache;
}

/**
 * Parse → resolve → order over the walked files. Deterministic for the same input. Edges are the resolved
 * imports, then the `same-package` uses of Go and Java files (`samePackage.ts`); both order files.
 */
export async function extractStructure(walk: WalkResult, options: ExtractOptions = {}): Promise<RepoStructure> {
  const { onProgress } = options;
  const sourceFiles = walk.files.filter((f) => languageOf(f.path));
  const parsedList = await parseFiles(sourceFiles, { threads: options.threads, cache: options.parseCache, onProgress: (d, t) => onProgress?.('parse', d, t) });
  const parsed = new Map<string, ParsedFileDetail>(sourceFiles.map((f, i) => [f.path, parsedList[i]]));
  const files: FileStructure[] = walk.files.map((file) => {
    const p = parsed.get(file.path);
    return {
      path: file.path,
      language: languageOf(file.path),
      bytes: file.bytes,
      lines: countLines(file.content),
      sha256: fileSha256(file.content),
      content: file.content,
      symbols: p?.symbols ?? [],
      syntaxErrors: p?.syntaxErrors ?? 0,
    };
  });
  const imports = files
    .filter((f): f is FileStructure & { language: Language } => f.language !== null)
    .map((f) => ({ path: f.path, language: f.language, imports: parsed.get(f.path)!.imports }));
  const texts = new Map(walk.files.map((f) => [f.path, f.content]));
  const index = { files: new Set(texts.keys()), read: (p: string) => texts.get(p), rootName: options.rootName ?? walk.rootName };
  onProgress?.('resolve', 0, imports.length);
  const { edges, external, unresolved } = resolveImports(index, imports);
  // Go and Java files of one package use each other without imports: those uses are edges too.
  const packageFiles: PackageFile[] = [];
  for (const f of imports) {
    const scope = parsed.get(f.path)!.packageScope;
    if (scope) packageFiles.push({ path: f.path, language: f.language, scope });
  }
  edges.push(...samePackageEdges(packageFiles, edges));
  onProgress?.('order', 0, 1);
  const sourcePaths = imports.map((f) => f.path);
  const sources = new Set(sourcePaths);
  const plan = implementationOrder({
    nodes: sourcePaths,
    // Edges to non-source files (JSON, CSS) are kept in the graph but do not order files.
    edges: edges.filter((e) => sources.has(e.to)),
  });
  return { files, edges, external, unresolved, cycles: plan.cycles, order: plan.order, skipped: walk.skipped };
}

/** A file's `sha256` as ingestion stores it (File.sha256): of its text, UTF-8 encoded. */
export function fileSha256(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** sha256 over every ingested path and content hash: the identity of a repository state. */
export function contentHash(files: readonly Pick<FileStructure, 'path' | 'sha256'>[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) hash.update(`${f.path}\0${f.sha256}\n`);
  return hash.digest('hex');
}

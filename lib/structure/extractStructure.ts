import { createHash } from 'node:crypto';
import { implementationOrder } from '../graph/order';
import type { FileParser } from '../parse/parser';
import { languageOf } from '../parse/language';
import type { WalkResult } from '../walk/walk';
import { resolveImports } from './resolveImports';
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

/** Parse → resolve → order over the walked files. Deterministic for the same input. */
export function extractStructure(walk: WalkResult, parser: FileParser, onProgress?: ProgressListener): RepoStructure {
  const texts = new Map(walk.files.map((f) => [f.path, f.content]));
  const index = { files: new Set(texts.keys()), read: (p: string) => texts.get(p) };
  const files: FileStructure[] = [];
  const imports: { path: string; language: Language; imports: ReturnType<FileParser['parse']>['imports'] }[] = [];
  const total = walk.files.length;
  walk.files.forEach((file, i) => {
    const language = languageOf(file.path);
    const parsed = language ? parser.parse(file.path, file.content) : null;
    files.push({
      path: file.path,
      language,
      bytes: file.bytes,
      lines: countLines(file.content),
      sha256: createHash('sha256').update(file.content).digest('hex'),
      content: file.content,
      symbols: parsed?.symbols ?? [],
      syntaxErrors: parsed?.syntaxErrors ?? 0,
    });
    if (language && parsed) imports.push({ path: file.path, language, imports: parsed.imports });
    if (onProgress && (i % 200 === 0 || i === total - 1)) onProgress('parse', i + 1, total);
  });
  onProgress?.('resolve', 0, imports.length);
  const { edges, external, unresolved } = resolveImports(index, imports);
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

/** sha256 over every ingested path and content hash: the identity of a repository state. */
export function contentHash(files: readonly Pick<FileStructure, 'path' | 'sha256'>[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) hash.update(`${f.path}\0${f.sha256}\n`);
  return hash.digest('hex');
}

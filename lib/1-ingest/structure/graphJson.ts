import type { RepoStructure } from './extractStructure';

/**
 * The `retrace graph DIR --json` contract: paths relative to DIR, `/`-separated. Edge kinds: `import`,
 * `type-only`, and `same-package` (a Go/Java file using its package's names without an import: the specifier
 * lists the names, the line is the first use).
 */
export function graphJson(structure: RepoStructure) {
  return {
    files: structure.files.map((f) => ({
      path: f.path,
      language: f.language,
      bytes: f.bytes,
      lines: f.lines,
      syntaxErrors: f.syntaxErrors,
      symbols: f.symbols.map((s) => ({
        kind: s.kind,
        name: s.name,
        parent: s.parent,
        signature: s.signature,
        startLine: s.startLine,
        endLine: s.endLine,
        doc: s.doc,
      })),
    })),
    edges: structure.edges.map((e) => ({ from: e.from, to: e.to, kind: e.kind, specifier: e.specifier, line: e.line })),
    external: structure.external.map((e) => ({ from: e.from, specifier: e.specifier, line: e.line })),
    unresolved: structure.unresolved.map((u) => ({ from: u.from, specifier: u.specifier, reason: u.reason, line: u.line })),
    cycles: structure.cycles,
    order: structure.order,
    skipped: structure.skipped,
  };
}

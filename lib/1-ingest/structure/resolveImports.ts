import { createGoResolver } from '../resolve/go';
import { createJavaResolver } from '../resolve/java';
import { createJsResolver } from '../resolve/javascript';
import { createPythonResolver } from '../resolve/python';
import { createRustResolver } from '../resolve/rust';
import type { ImportResolver, ResolverFactory } from '../resolve/types';
import type { Edge, Language, RawImport, RepoIndex, ResolveResult } from './types';

const FACTORIES: Record<Language, ResolverFactory> = {
  javascript: createJsResolver,
  typescript: createJsResolver,
  python: createPythonResolver,
  go: createGoResolver,
  rust: createRustResolver,
  java: createJavaResolver,
};

export interface FileImports {
  path: string;
  language: Language;
  imports: readonly RawImport[];
}

/**
 * Resolves every import of every source file into edges between files of the repository,
 * external imports and unresolved ones. One resolver per language, built only when needed.
 * Duplicate edges (the same file imported twice the same way) are kept once.
 */
export function resolveImports(index: RepoIndex, files: readonly FileImports[]): ResolveResult {
  const resolvers = new Map<ResolverFactory, ImportResolver>();
  const resolverFor = (language: Language) => {
    const factory = FACTORIES[language];
    let resolver = resolvers.get(factory);
    if (!resolver) resolvers.set(factory, (resolver = factory(index)));
    return resolver;
  };
  const result: ResolveResult = { edges: [], external: [], unresolved: [] };
  const seen = new Set<string>();
  for (const file of files) {
    const resolve = resolverFor(file.language);
    for (const imp of file.imports) {
      const resolution = resolve(file.path, imp);
      if (resolution.kind === 'external') {
        result.external.push({ from: file.path, specifier: imp.specifier, line: imp.line });
      } else if (resolution.kind === 'unresolved') {
        result.unresolved.push({ from: file.path, specifier: displaySpecifier(imp), reason: resolution.reason, line: imp.line });
      } else {
        const kind: Edge['kind'] = imp.typeOnly ? 'type-only' : 'import';
        for (const to of resolution.paths) {
          if (to === file.path) continue;
          const key = `${file.path}\0${to}\0${kind}\0${imp.specifier}`;
          if (seen.has(key)) continue;
          seen.add(key);
          result.edges.push({ from: file.path, to, kind, specifier: displaySpecifier(imp), line: imp.line });
        }
      }
    }
  }
  return result;
}

/** Python relative imports are stored without their dots; show them as written. */
function displaySpecifier(imp: RawImport): string {
  return imp.level ? '.'.repeat(imp.level) + imp.specifier : imp.specifier;
}

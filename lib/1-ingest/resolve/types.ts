import type { RawImport, RepoIndex } from '../structure/types';

/** What one import resolves to. */
export type Resolution =
  /** One or more files of this repository (a Go package import or a Java wildcard may name several). */
  | { kind: 'files'; paths: string[] }
  /** Something outside the repository: a package, the standard library, a crate... */
  | { kind: 'external' }
  /** A relative or aliased import that names nothing in the repository; `reason` says why, for the user. */
  | { kind: 'unresolved'; reason: string };

/** Resolves the imports of files of one language. Built once per repository, called per import. */
export type ImportResolver = (fromPath: string, imp: RawImport) => Resolution;

/** A resolver factory reads the repository's config (tsconfig, package.json, go.mod...) up front. */
export type ResolverFactory = (index: RepoIndex) => ImportResolver;

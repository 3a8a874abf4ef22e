import type { Language } from '../structure/types';

/** The tree-sitter grammar a file is parsed with; TSX needs its own grammar, JSX is covered by javascript. */
export type Grammar = 'python' | 'javascript' | 'typescript' | 'tsx' | 'go' | 'rust' | 'java';

const LANGUAGE_BY_EXTENSION: Readonly<Record<string, Language>> = {
  py: 'python',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  go: 'go',
  rs: 'rust',
  java: 'java',
};

function extensionOf(path: string): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  // A leading dot is a hidden file name (".js"), not an extension.
  if (dot <= slash + 1) return '';
  return path.slice(dot + 1).toLowerCase();
}

/** Source language of a path by its extension, or null for files we do not parse. `.d.ts` stays typescript. */
export function languageOf(path: string): Language | null {
  return LANGUAGE_BY_EXTENSION[extensionOf(path)] ?? null;
}

/** Grammar to parse a path with, or null when the language is not supported. */
export function grammarFor(path: string): Grammar | null {
  const language = languageOf(path);
  if (language === 'typescript' && extensionOf(path) === 'tsx') return 'tsx';
  return language;
}

/** Monaco's language id for a file: our parsed languages first, then a few common extensions. */
const BY_EXTENSION: Record<string, string> = {
  py: 'python',
  pyi: 'python',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescript',
  go: 'go',
  rs: 'rust',
  java: 'java',
  md: 'markdown',
  yml: 'yaml',
  yaml: 'yaml',
};

export function monacoLanguageId(path: string, language?: string | null): string {
  if (language && language !== 'unknown') return language;
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return BY_EXTENSION[ext] ?? 'plaintext';
}

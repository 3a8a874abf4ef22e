'use client';
import dynamic from 'next/dynamic';
import type { CodeEditorProps } from './MonacoCode';

export type { CodeEditorProps, CodeRegion } from './MonacoCode';

/** Monaco touches `window` when imported, so it is loaded in the browser only. */
const MonacoCode = dynamic(() => import('./MonacoCode').then((m) => m.MonacoCode), {
  ssr: false,
  loading: () => <div className="code-editor-loading">Loading editor…</div>,
});

/** Read-only, syntax-highlighted code with an optional highlighted region. */
export function CodeEditor(props: CodeEditorProps) {
  return <MonacoCode {...props} />;
}

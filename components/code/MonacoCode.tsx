'use client';
import { DiffEditor, Editor, type OnMount } from '@monaco-editor/react';
import { useEffect, useRef } from 'react';
import { monaco } from './monaco';
import { monacoLanguageId } from './languageId';

/** Lines (1-based, inclusive) to mark: what a step read or wrote. */
export interface CodeRegion {
  startLine: number;
  endLine: number;
  kind: 'read' | 'write' | 'symbol';
}

export interface CodeEditorProps {
  /** Repository path; also the model's identity, so switching files keeps each one's view state. */
  path: string;
  content: string;
  language?: string | null;
  region?: CodeRegion | null;
  /** More regions marked like `region` (e.g. the head and the tail of a truncated read). */
  regions?: CodeRegion[] | null;
  /** Line to scroll to (and put the cursor on), e.g. a symbol picked from the outline. */
  revealLine?: number | null;
  /** When set, a side-by-side diff of this text (left) against `content` (right). */
  original?: string | null;
  height?: number | string;
  label?: string;
  /** Spans of the content to colour (offsets into `content`), e.g. the training view's heatmap. */
  heat?: readonly { start: number; end: number; className: string }[] | null;
  /** Called with the content offset under the mouse (null when off the text). */
  onHoverOffset?: (offset: number | null) => void;
}

const OPTIONS: monaco.editor.IStandaloneEditorConstructionOptions = {
  readOnly: true,
  domReadOnly: true,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  fontSize: 13,
  renderWhitespace: 'none',
  automaticLayout: true,
  contextmenu: false,
  links: false,
  unicodeHighlight: { ambiguousCharacters: true, invisibleCharacters: true },
};

export function MonacoCode({ path, content, language, region, regions, revealLine, original, height = '100%', label, heat, onHoverOffset }: CodeEditorProps) {
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const decorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  const heatDecorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  const hover = useRef(onHoverOffset);
  hover.current = onHoverOffset;
  const lang = monacoLanguageId(path, language);

  const onMount: OnMount = (editor) => {
    editorRef.current = editor as unknown as monaco.editor.IStandaloneCodeEditor;
    decorations.current = editorRef.current.createDecorationsCollection();
    heatDecorations.current = editorRef.current.createDecorationsCollection();
    editorRef.current.onMouseMove((e) => {
      const model = editorRef.current?.getModel();
      const position = e.target.type === monaco.editor.MouseTargetType.CONTENT_TEXT ? e.target.position : null;
      hover.current?.(model && position ? model.getOffsetAt(position) : null);
    });
    editorRef.current.onMouseLeave(() => hover.current?.(null));
    applyRegion();
    applyHeat();
  };

  function applyHeat() {
    const model = editorRef.current?.getModel();
    if (!model || !heatDecorations.current) return;
    if (!heat?.length) {
      heatDecorations.current.clear();
      return;
    }
    heatDecorations.current.set(
      heat.map((h) => {
        const a = model.getPositionAt(h.start);
        const b = model.getPositionAt(h.end);
        return { range: new monaco.Range(a.lineNumber, a.column, b.lineNumber, b.column), options: { inlineClassName: h.className } };
      }),
    );
  }
  useEffect(applyHeat, [heat, path, content]); // eslint-disable-line react-hooks/exhaustive-deps

  function applyRegion() {
    const editor = editorRef.current;
    if (!editor || !decorations.current) return;
    const marked = [region, ...(regions ?? [])].filter((r): r is CodeRegion => !!r);
    if (marked.length === 0) {
      decorations.current.clear();
    } else {
      decorations.current.set(
        marked.map((r) => {
          const cls = `code-region code-region-${r.kind}`;
          return { range: new monaco.Range(r.startLine, 1, r.endLine, 1), options: { isWholeLine: true, className: cls, linesDecorationsClassName: `${cls}-gutter` } };
        }),
      );
      editor.revealLineInCenterIfOutsideViewport(marked[0].startLine);
    }
    if (revealLine) {
      editor.revealLineInCenter(revealLine);
      editor.setPosition({ lineNumber: revealLine, column: 1 });
    }
  }

  // Re-apply when the region, the jump target or the file changes.
  const regionsKey = (regions ?? []).map((r) => `${r.kind}:${r.startLine}-${r.endLine}`).join(',');
  useEffect(applyRegion, [region?.startLine, region?.endLine, region?.kind, regionsKey, revealLine, path, content]); // eslint-disable-line react-hooks/exhaustive-deps

  const common = { height, theme: 'vs', loading: <div className="code-editor-loading">Loading editor…</div> };
  return (
    <div className="code-editor" data-path={path} data-language={lang} aria-label={label ?? `Code of ${path}`} role="region">
      {original != null ? (
        <DiffEditor
          {...common}
          original={original}
          modified={content}
          language={lang}
          originalModelPath={`draft/${path}`}
          modifiedModelPath={`real/${path}`}
          options={{ ...OPTIONS, renderSideBySide: true, originalEditable: false }}
        />
      ) : (
        <Editor {...common} path={path} value={content} language={lang} options={OPTIONS} onMount={onMount} />
      )}
    </div>
  );
}

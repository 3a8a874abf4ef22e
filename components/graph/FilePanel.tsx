'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { CodeEditor, type CodeRegion } from '@/components/code/CodeEditor';
import { repositoryHref } from '@/components/repositories/links';
import { studioRequest } from '@/lib/platform/http/studioRequest';
import type { FileDetail, SymbolRow } from '@/lib/1-ingest/studio/queries';

interface Props {
  snapshotId: string;
  path: string;
  repository: string;
  /** Snapshot to keep in links (only when the page was asked for one). */
  linkSnapshot: string | null;
  focused: boolean;
  onFocus: (path: string) => void;
  onClose: () => void;
  /** The opened folder holding this file that can be closed into one node again, if any. */
  closableFolder: string | null;
  onCloseFolder: (folder: string) => void;
}

const fetchFile = (snapshotId: string, path: string, signal?: AbortSignal) =>
  studioRequest<FileDetail>(`/api/snapshots/${encodeURIComponent(snapshotId)}/file?path=${encodeURIComponent(path)}`, { signal });

/** The clicked file: facts, outline (each entry scrolls the code to it) and its code in Monaco. */
export function FilePanel({ snapshotId, path, repository, linkSnapshot, focused, onFocus, onClose, closableFolder, onCloseFolder }: Props) {
  const query = useQuery({ queryKey: ['snapshot-file', snapshotId, path], queryFn: ({ signal }) => fetchFile(snapshotId, path, signal) });
  const [symbol, setSymbol] = useState<{ path: string; s: SymbolRow } | null>(null);
  const picked = symbol?.path === path ? symbol.s : null;
  const region: CodeRegion | null = picked ? { startLine: picked.startLine, endLine: picked.endLine, kind: 'symbol' } : null;
  const file = query.data;

  return (
    <aside className="graph-panel" data-testid="file-panel" data-path={path} aria-label={`File ${path}`}>
      <header className="graph-panel-head">
        <h2 className="graph-panel-path">
          <code>{path}</code>
        </h2>
        <div className="graph-panel-actions">
          <button type="button" onClick={() => onFocus(path)} disabled={focused} title="Show only this file, its dependencies and its dependents">
            Focus
          </button>
          {closableFolder ? (
            <button type="button" onClick={() => onCloseFolder(closableFolder)} title={`Draw ${closableFolder}/ as one node again`}>
              Collapse {closableFolder.split('/').pop()}/
            </button>
          ) : null}
          <Link href={repositoryHref(repository, { snapshot: linkSnapshot, file: path })}>File view</Link>
          <button type="button" onClick={onClose} aria-label="Close the file panel">
            ✕
          </button>
        </div>
      </header>
      {query.isPending ? <p className="muted graph-panel-body">Loading…</p> : null}
      {query.isError ? (
        <p className="message error graph-panel-body" role="alert">
          {query.error.message}
        </p>
      ) : null}
      {file ? (
        <>
          <p className="graph-panel-facts muted">
            {file.language ?? 'not parsed'} · {file.lines} lines
            {file.orderIndex !== null ? ` · order #${file.orderIndex + 1}` : ''}
            {file.inCycle ? ' · in a dependency cycle' : ''} · imports {file.outgoing.length} · imported by {file.incoming.length}
          </p>
          <nav className="graph-panel-outline" aria-label="Outline">
            {file.symbols.length === 0 ? <p className="muted">No declarations found.</p> : null}
            <ul>
              {file.symbols.map((s) => (
                <li key={s.ordinal} className={s.parent ? 'nested' : undefined}>
                  <button type="button" className={picked?.ordinal === s.ordinal ? 'active' : undefined} onClick={() => setSymbol({ path, s })} title={s.signature} data-symbol={s.name}>
                    <span className={`kind kind-${s.kind}`}>{s.kind}</span> {s.parent ? <span className="symbol-parent">{s.parent}.</span> : null}
                    {s.name} <span className="muted">:{s.startLine}</span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <div className="graph-panel-code">
            <CodeEditor path={file.path} content={file.content} language={file.language} region={region} revealLine={picked?.startLine ?? null} height="100%" />
          </div>
        </>
      ) : null}
    </aside>
  );
}

'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { ImportRunView } from '@/lib/1-ingest/runs/importRuns';
import { studioRequest } from '@/lib/platform/http/studioRequest';
import { repositoryHref } from './links';
import { ErrorText } from '../feedback/ErrorText';

type Kind = 'path' | 'git' | 'upload';

const PHASES: Record<string, string> = {
  upload: 'Uploading',
  fetch: 'Fetching the source',
  walk: 'Listing files',
  parse: 'Parsing',
  resolve: 'Resolving imports',
  order: 'Ordering',
  store: 'Storing',
};

/** Sends a JSON import request; resolves to the queued import or rejects with the server's message. */
const postJson = (kind: 'path' | 'git', source: string, name: string) => studioRequest<ImportRunView>('/api/imports', { json: { kind, source, name } });

/** Streams an archive as the request body (XHR, for upload progress). */
function postArchive(file: File, name: string, onProgress: (sent: number, total: number) => void): Promise<ImportRunView> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ filename: file.name, ...(name ? { name } : {}) });
    xhr.open('POST', `/api/imports?${query}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.total || file.size);
    xhr.onload = () => {
      let body: { error?: string } & Partial<ImportRunView> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON: reported below */
      }
      if (xhr.status === 202) resolve(body as ImportRunView);
      else reject(new Error(body.error ?? `The studio answered ${xhr.status}.`));
    };
    xhr.onerror = () => reject(new Error('The upload did not reach the studio (is it still running?).'));
    xhr.send(file);
  });
}

/** Import a repository from a folder on the studio's machine, a git URL or an uploaded archive. */
export function ImportForm() {
  const [kind, setKind] = useState<Kind>('path');
  const [source, setSource] = useState('');
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [upload, setUpload] = useState<{ sent: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [imports, setImports] = useState<string[]>([]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      let run: ImportRunView;
      if (kind === 'upload') {
        if (!file) throw new Error('Choose a .tar.gz, .tgz or .zip archive to upload.');
        run = await postArchive(file, name.trim(), (sent, total) => setUpload({ sent, total }));
      } else {
        if (!source.trim()) throw new Error(kind === 'path' ? 'Give the folder’s absolute path on the studio’s machine.' : 'Give the repository’s git URL.');
        run = await postJson(kind, source.trim(), name.trim());
      }
      setImports((list) => [run.id, ...list]);
      setSource('');
      setName('');
      setFile(null);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
      setUpload(null);
    }
  }

  return (
    <details className="import-panel" open={imports.length > 0 || undefined}>
      <summary className="button">Import a repository</summary>
      <form className="import-form" onSubmit={submit} aria-label="Import a repository">
        <fieldset className="import-kinds">
          <legend>From</legend>
          {(
            [
              ['path', 'A folder on this machine'],
              ['git', 'A git URL'],
              ['upload', 'An archive (.tar.gz, .zip)'],
            ] as const
          ).map(([k, label]) => (
            <label key={k}>
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {label}
            </label>
          ))}
        </fieldset>
        {kind === 'upload' ? (
          <label className="import-field">
            Archive
            <input type="file" accept=".tar.gz,.tgz,.zip,application/gzip,application/zip" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </label>
        ) : (
          <label className="import-field">
            {kind === 'path' ? 'Folder (absolute path)' : 'Git URL'}
            <input
              type="text"
              value={source}
              onChange={(e) => setSource(e.target.value)}
              placeholder={kind === 'path' ? '/home/me/code/project' : 'https://github.com/owner/project.git'}
              spellCheck={false}
            />
          </label>
        )}
        <label className="import-field">
          <span>
            Name <span className="muted">(optional)</span>
          </span>
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="derived from the source" spellCheck={false} />
        </label>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? (upload ? 'Uploading…' : 'Starting…') : 'Import'}
        </button>
        {upload ? <Progress label={PHASES.upload} done={upload.sent} total={upload.total} /> : null}
        <ErrorText error={error} />
      </form>
      {imports.length > 0 ? (
        <ul className="import-runs" aria-label="Imports">
          {imports.map((id) => (
            <ImportProgress key={id} id={id} />
          ))}
        </ul>
      ) : null}
    </details>
  );
}

function Progress({ label, done, total }: { label: string; done: number; total: number }) {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  return (
    <div className="import-progress">
      <span>{label}</span>
      <progress max={1} value={total > 1 ? ratio : undefined} aria-label={label} />
      {total > 1 ? (
        <span className="muted">
          {done}/{total}
        </span>
      ) : null}
    </div>
  );
}

/** Follows one import until it ends; refreshes the list when a repository was stored. */
function ImportProgress({ id }: { id: string }) {
  const router = useRouter();
  const { data, error } = useQuery({
    queryKey: ['import', id],
    queryFn: ({ signal }) => studioRequest<ImportRunView>(`/api/imports/${id}`, { signal }),
    refetchInterval: (q) => (q.state.data && ['succeeded', 'failed', 'cancelled'].includes(q.state.data.status) ? false : 400),
  });
  const succeeded = data?.status === 'succeeded';
  useEffect(() => {
    if (succeeded) router.refresh();
  }, [succeeded, router]);

  if (error) return <li className="import-run failed">{(error as Error).message}</li>;
  if (!data) return <li className="import-run">Starting…</li>;
  return (
    <li className={`import-run ${data.status}`} data-import-status={data.status}>
      <span className="import-source" title={data.source}>
        {data.source}
      </span>
      {data.status === 'queued' ? <span className="muted">queued{data.error ? ` — ${data.error}` : ''}</span> : null}
      {data.status === 'running' ? <Progress label={PHASES[data.phase ?? 'fetch'] ?? data.phase ?? ''} done={data.done} total={data.total} /> : null}
      {succeeded && data.repositoryName ? (
        <span>
          {data.created ? 'Imported' : 'Already stored (same content)'}: <Link href={repositoryHref(data.repositoryName)}>{data.repositoryName}</Link>
        </span>
      ) : null}
      {succeeded && data.duplicateOf && data.duplicateOf !== data.repositoryName ? (
        <span className="import-duplicate" role="status" data-testid="import-duplicate">
          This content is already stored as <Link href={repositoryHref(data.duplicateOf)}>{data.duplicateOf}</Link>: both names now hold the same files (trajectories of both would repeat each other in an export).
        </span>
      ) : null}
      {data.status === 'failed' ? (
        <span className="error-text" role="alert">
          Import failed: {data.error}
        </span>
      ) : null}
    </li>
  );
}

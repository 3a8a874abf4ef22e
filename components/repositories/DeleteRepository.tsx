'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { studioRequest, StudioRequestError } from '@/lib/platform/http/studioRequest';
import type { RepositoryDeletionPreview } from '@/lib/studio/deleteRepository';
import { formatDate, plural } from '@/lib/platform/format';
import { repositoriesHref } from './links';
import { ErrorText } from '../feedback/ErrorText';

/** The preview as JSON (dates as strings). */
type PreviewJson = Omit<RepositoryDeletionPreview, 'exports'> & { exports: { id: string; createdAt: string; trajectories: number }[] };

/**
 * "Delete repository…" for reviewers: loads what goes with it, shows it (or the jobs that keep it
 * from being deleted now), and deletes it only with the counts the person saw.
 */
export function DeleteRepository({ name }: { name: string }) {
  const router = useRouter();
  const [preview, setPreview] = useState<PreviewJson | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const url = `/api/repositories/${encodeURIComponent(name)}`;

  const load = async () => {
    setBusy(true);
    setError(null);
    try {
      setPreview(await studioRequest<PreviewJson>(`${url}/deletion`));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!preview) return;
    setBusy(true);
    setError(null);
    try {
      await studioRequest(url, { method: 'DELETE', json: { confirmed: preview.counts } });
      router.push(repositoriesHref({ deleted: name }));
    } catch (err) {
      setError((err as Error).message);
      // A refusal carries the figures as they are now: show those.
      const now = err instanceof StudioRequestError ? (err.body?.preview as PreviewJson | undefined) : undefined;
      if (now) setPreview(now);
      setBusy(false);
    }
  };

  if (!preview) {
    return (
      <div className="repo-delete">
        <button type="button" onClick={load} disabled={busy} data-testid="delete-repository">
          {busy ? 'Checking…' : 'Delete repository…'}
        </button>
        <ErrorText error={error} />
      </div>
    );
  }
  const { counts, exports, refusal } = preview;
  return (
    <section className="panel repo-delete is-open" role="group" aria-labelledby="repo-delete-title" data-testid="delete-confirmation">
      <h2 id="repo-delete-title">Delete {name}?</h2>
      {refusal ? (
        <p className="auth-error" role="alert" data-testid="delete-refusal">
          {refusal} <Link href="/jobs">Open the jobs page</Link>
        </p>
      ) : null}
      <p>This removes from the studio&apos;s database:</p>
      <ul className="repo-delete-counts" data-testid="delete-counts">
        <li data-count="snapshots">
          {plural(counts.snapshots, 'snapshot')}, with {counts.snapshots === 1 ? 'its' : 'their'} files, outlines and imports
        </li>
        <li data-count="synthesisRuns">{plural(counts.synthesisRuns, 'synthesis run')}</li>
        <li data-count="trajectories">
          {plural(counts.trajectories, 'trajectory', 'trajectories')}
          {counts.approved ? `, ${counts.approved} approved (${counts.approved === 1 ? 'it leaves' : 'they leave'} every later export)` : ''}
        </li>
        <li data-count="reviews">{plural(counts.reviews, 'review')} (every decision made on its trajectories)</li>
        <li data-count="searchRuns">{plural(counts.searchRuns, 'CoT search', 'CoT searches')}, with their candidates</li>
      </ul>
      <p data-testid="delete-exports">
        {exports.length
          ? `Its trajectories are in ${plural(exports.length, 'export')} made in the studio (${exports.map((e) => `${formatDate(new Date(e.createdAt))}: ${plural(e.trajectories, 'trajectory', 'trajectories')}`).join('; ')}). `
          : 'No export made in the studio holds its trajectories. '}
        Exports already written are files and stay as they are
        {exports.length ? <>: delete their files on the <Link href="/export">export page</Link> if they must go too.</> : '.'}
      </p>
      <p className="muted small">The deletion is recorded with your name and the time. It cannot be undone.</p>
      <div className="actions">
        <button type="button" className="danger" onClick={remove} disabled={busy || refusal !== null} data-testid="delete-repository-confirm">
          {busy ? 'Deleting…' : `Delete ${name}`}
        </button>
        <button type="button" onClick={() => (setPreview(null), setError(null))} disabled={busy}>
          Keep
        </button>
        {refusal ? (
          <button type="button" onClick={load} disabled={busy}>
            Check again
          </button>
        ) : null}
      </div>
      <ErrorText error={error !== refusal ? error : null} testId="delete-error" />
    </section>
  );
}

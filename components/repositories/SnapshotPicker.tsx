import type { RepositoryDetail, SnapshotSummary } from '@/lib/1-ingest/studio/queries';
import { formatDate } from '@/lib/platform/format';

function label(s: SnapshotSummary, latestReady: string | undefined): string {
  const parts = [formatDate(s.createdAt), s.commitSha ? s.commitSha.slice(0, 10) : 'no commit', s.status];
  if (s.id === latestReady) parts.push('latest');
  return parts.join(' · ');
}

/** Choose another snapshot of the repository: a GET form, no JavaScript needed. */
export function SnapshotPicker({ repo, current }: { repo: RepositoryDetail; current: SnapshotSummary }) {
  if (repo.snapshots.length < 2) return null;
  const latestReady = repo.snapshots.find((s) => s.status === 'ready')?.id;
  return (
    <form className="snapshot-picker" method="get">
      <label htmlFor="snapshot-select">Snapshot</label>
      <select id="snapshot-select" name="snapshot" defaultValue={current.id}>
        {repo.snapshots.map((s) => (
          <option key={s.id} value={s.id}>
            {label(s, latestReady)}
          </option>
        ))}
      </select>
      <button type="submit">Show</button>
    </form>
  );
}

import type { RepositoryStatus } from '@/lib/1-ingest/studio/repositoryList';

/** The import's state (not synthesis'): "imported", so it never reads as "ready" beside a failed run. */
const LABELS: Record<RepositoryStatus, string> = {
  ready: 'imported',
  ingesting: 'ingesting',
  failed: 'failed',
  empty: 'no snapshot',
};

export function StatusBadge({ status }: { status: RepositoryStatus }) {
  return <span className={`status status-${status}`}>{LABELS[status] ?? status}</span>;
}

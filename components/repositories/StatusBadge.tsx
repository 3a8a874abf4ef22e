import type { RepositoryStatus } from '@/lib/studio/repositoryList';

const LABELS: Record<RepositoryStatus, string> = {
  ready: 'ready',
  ingesting: 'ingesting',
  failed: 'failed',
  empty: 'no snapshot',
};

export function StatusBadge({ status }: { status: RepositoryStatus }) {
  return <span className={`status status-${status}`}>{LABELS[status] ?? status}</span>;
}

import { describeCounts, type RepositoryDeletionRecord } from '@/lib/studio/deleteRepository';
import { formatDate } from '@/lib/platform/format';

/** Who deleted it and when, in a few words. */
function byWhom(record: RepositoryDeletionRecord): string {
  return `by ${record.deletedBy ?? 'the command line'}, ${formatDate(record.deletedAt)}`;
}

/** The notice after a deletion (`?deleted=NAME`): what went, as recorded. */
export function DeletedNotice({ record }: { record: RepositoryDeletionRecord }) {
  return (
    <div className="notice" role="status" data-testid="deleted-notice">
      Deleted {record.name} ({describeCounts(record.counts)}), {byWhom(record)}.
      {record.exportRunIds.length ? ` The files of ${record.exportRunIds.length === 1 ? 'the export' : `the ${record.exportRunIds.length} exports`} holding it stay on disk.` : ''}
    </div>
  );
}

/** Repositories deleted lately, newest first: the record each deletion left. */
export function DeletedRepositories({ records }: { records: RepositoryDeletionRecord[] }) {
  if (records.length === 0) return null;
  return (
    <details className="panel deleted-repositories" data-testid="deleted-repositories">
      <summary>
        Deleted repositories <span className="count">{records.length}</span>
      </summary>
      <ul>
        {records.map((r) => (
          <li key={r.id} data-repository={r.name}>
            <strong>{r.name}</strong> <span className="muted">{r.source}</span> — {describeCounts(r.counts)} — {byWhom(r)}
          </li>
        ))}
      </ul>
    </details>
  );
}

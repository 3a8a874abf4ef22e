import Link from 'next/link';
import type { RepositoryPage } from '@/lib/1-ingest/studio/repositoryList';
import { LanguageList } from '../files/LanguageBadge';
import { formatCount, shortSha } from '@/lib/platform/format';
import { repositoryHref } from './links';
import { SelectAllRepositories, SelectRepositoryCheckbox } from './RepositorySelection';
import { SortHeader } from './SortHeader';
import { StatusBadge } from './StatusBadge';

/** The repository list; `selectable` adds a checkbox column (inside a RepositorySelection). */
export function RepositoryTable({ page, selectable = false }: { page: RepositoryPage; selectable?: boolean }) {
  return (
    <div className="table-wrap">
      <table className="data repositories">
        <thead>
          <tr>
            {selectable ? (
              <th className="select">
                <SelectAllRepositories names={page.rows.map((r) => r.name)} />
              </th>
            ) : null}
            <SortHeader label="Name" sortKey="name" page={page} />
            <SortHeader label="Source" sortKey="source" page={page} />
            <SortHeader label="Commit" sortKey="commit" page={page} />
            <SortHeader label="Languages" sortKey="languages" page={page} />
            <SortHeader label="Files" sortKey="files" page={page} numeric />
            <SortHeader label="Lines" sortKey="lines" page={page} numeric />
            <SortHeader label="Status" sortKey="status" page={page} />
            <SortHeader label="Latest run" sortKey="run" page={page} />
            <SortHeader label="Trajectories" sortKey="trajectories" page={page} numeric />
            <th scope="col">Reviews</th>
          </tr>
        </thead>
        <tbody>
          {page.rows.map((r) => (
            <tr key={r.id} data-repository={r.name}>
              {selectable ? (
                <td className="select">
                  <SelectRepositoryCheckbox name={r.name} />
                </td>
              ) : null}
              <td className="name">
                <Link href={repositoryHref(r.name)}>{r.name}</Link>
              </td>
              <td className="source" title={r.source}>
                <span className="source-kind">{r.sourceKind}</span> <span className="source-text">{r.source}</span>
              </td>
              <td>{r.commitSha ? <code title={r.commitSha}>{shortSha(r.commitSha)}</code> : <span className="muted">—</span>}</td>
              <td>
                <LanguageList languages={r.languages} />
              </td>
              <td className="num" data-column="files">
                {formatCount(r.fileCount)}
              </td>
              <td className="num" data-column="lines">
                {formatCount(r.lineCount)}
              </td>
              <td>
                <StatusBadge status={r.status} />
              </td>
              <td data-column="run">
                {r.latestRun ? (
                  <span className="latest-run" title={`${r.latestRun.provider} · ${r.latestRun.model}`}>
                    <span className={`status status-run-${r.latestRun.status}`}>{r.latestRun.status}</span>{' '}
                    <span className="run-provider">{r.latestRun.provider === 'offline' ? 'offline' : r.latestRun.model}</span>
                  </span>
                ) : (
                  <span className="muted">none</span>
                )}
              </td>
              <td className="num" data-column="trajectories">
                {formatCount(r.trajectoryCount)}
              </td>
              <td data-column="reviews">
                {r.trajectoryCount > 0 ? (
                  <span
                    className="review-counts"
                    title={`${r.reviews.approved} approved, ${r.reviews.rejected} rejected, ${r.reviews.needsResynthesis} need re-synthesis, ${r.reviews.pending} pending`}
                  >
                    <span className="rc-approved">{r.reviews.approved} ✓</span> <span className="rc-rejected">{r.reviews.rejected} ✗</span>{' '}
                    {r.reviews.needsResynthesis > 0 ? <span className="rc-resynth">{r.reviews.needsResynthesis} ↻</span> : null}{' '}
                    <span className="rc-pending">{r.reviews.pending} pending</span>
                  </span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

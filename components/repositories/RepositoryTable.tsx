import Link from 'next/link';
import type { RepositoryPage } from '@/lib/studio/queries';
import { LanguageList } from '../files/LanguageBadge';
import { formatCount, shortSha } from './format';
import { repositoryHref } from './links';
import { SortHeader } from './SortHeader';
import { StatusBadge } from './StatusBadge';

export function RepositoryTable({ page }: { page: RepositoryPage }) {
  return (
    <div className="table-wrap">
      <table className="data repositories">
        <thead>
          <tr>
            <SortHeader label="Name" sortKey="name" page={page} />
            <SortHeader label="Source" sortKey="source" page={page} />
            <SortHeader label="Commit" sortKey="commit" page={page} />
            <SortHeader label="Languages" sortKey="languages" page={page} />
            <SortHeader label="Files" sortKey="files" page={page} numeric />
            <SortHeader label="Lines" sortKey="lines" page={page} numeric />
            <SortHeader label="Status" sortKey="status" page={page} />
          </tr>
        </thead>
        <tbody>
          {page.rows.map((r) => (
            <tr key={r.id} data-repository={r.name}>
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
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

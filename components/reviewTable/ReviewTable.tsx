'use client';
import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import type { ReviewTablePage } from '@/lib/4-review/studio/query';
import { LanguageList } from '../files/LanguageBadge';
import { formatCount, formatDate } from '@/lib/platform/format';
import { BulkBar, type BulkTarget } from './BulkBar';
import { formatNll, STATE_LABELS } from './links';
import { ReviewSortHeader } from './ReviewSortHeader';

/**
 * The table with row selection. Reviewers tick rows (each remembers the review version shown,
 * so a decision made meanwhile by someone else is skipped, not overwritten) or select every
 * row matching the filter, then approve or reject in one go.
 */
export function ReviewTable({ page, canDecide, empty }: { page: ReviewTablePage; canDecide: boolean; empty: React.ReactNode }) {
  const [selected, setSelected] = useState<Map<string, number>>(new Map());
  const [allMatching, setAllMatching] = useState(false);
  const { filter, sort } = page;
  const pageKey = useMemo(() => page.rows.map((r) => `${r.id}:${r.reviewVersion}`).join(','), [page.rows]);
  // A new page or new versions (after a decision) start a fresh selection.
  useEffect(() => {
    setSelected(new Map());
    setAllMatching(false);
  }, [pageKey]);

  const allOnPage = page.rows.length > 0 && page.rows.every((r) => selected.has(r.id));
  const toggle = (id: string, version: number) =>
    setSelected((prev) => {
      const next = new Map(prev);
      if (next.has(id)) next.delete(id);
      else next.set(id, version);
      return next;
    });
  const togglePage = () => setSelected(allOnPage ? new Map() : new Map(page.rows.map((r) => [r.id, r.reviewVersion])));
  const target: BulkTarget | null = allMatching
    ? { kind: 'filter', filter, total: page.total }
    : selected.size > 0
      ? { kind: 'ids', ids: [...selected].map(([id, version]) => ({ id, version })) }
      : null;
  const count = allMatching ? page.total : selected.size;
  const sortProps = { sort, filter };

  return (
    <>
      {canDecide ? (
        <div className="rt-selection">
          {allMatching ? (
            <span>
              All <strong>{formatCount(page.total)}</strong> trajectories matching the filter are selected.{' '}
              <button type="button" className="rt-link" onClick={() => setAllMatching(false)}>
                Clear selection
              </button>
            </span>
          ) : (
            <button type="button" className="rt-link" data-testid="select-all-matching" onClick={() => setAllMatching(true)} disabled={page.total === 0}>
              Select all {formatCount(page.total)} matching the filter
            </button>
          )}
          <BulkBar
            target={target}
            count={count}
            onDecided={() => {
              setSelected(new Map());
              setAllMatching(false);
            }}
          />
        </div>
      ) : null}
      {page.rows.length === 0 ? (
        empty
      ) : (
        <div className="table-wrap">
          <table className="data compact rt-table">
            <thead>
              <tr>
                {canDecide ? (
                  <th scope="col" className="rt-check-cell">
                    <input type="checkbox" aria-label="Select this page" checked={allMatching || allOnPage} disabled={allMatching} onChange={togglePage} />
                  </th>
                ) : null}
                <ReviewSortHeader label="Repository" sortKey="repository" {...sortProps} />
                <ReviewSortHeader label="Languages" sortKey="languages" {...sortProps} />
                <ReviewSortHeader label="State" sortKey="state" {...sortProps} />
                <ReviewSortHeader label="Reviewer" sortKey="reviewer" {...sortProps} title="Sort by the last reviewer" />
                <ReviewSortHeader label="Tokens" sortKey="tokens" numeric {...sortProps} />
                <ReviewSortHeader label="NLL before" sortKey="nllBefore" numeric {...sortProps} />
                <ReviewSortHeader label="NLL after" sortKey="nllAfter" numeric {...sortProps} />
                <ReviewSortHeader label="Δ NLL" sortKey="delta" numeric {...sortProps} title="Sort by after − before (negative: search helped)" />
                <ReviewSortHeader label="Provider" sortKey="provider" {...sortProps} />
                <ReviewSortHeader label="Model" sortKey="model" {...sortProps} />
                <ReviewSortHeader label="Created" sortKey="created" {...sortProps} />
                <ReviewSortHeader label="Ver." sortKey="version" numeric {...sortProps} title="Sort by review version (decisions so far)" />
              </tr>
            </thead>
            <tbody>
              {page.rows.map((r) => (
                <tr key={r.id} data-testid="review-row" data-trajectory-id={r.id} data-review-state={r.state} className={selected.has(r.id) || allMatching ? 'is-selected' : undefined}>
                  {canDecide ? (
                    <td className="rt-check-cell">
                      <input type="checkbox" aria-label={`Select ${r.repositoryName} trajectory`} checked={allMatching || selected.has(r.id)} disabled={allMatching} onChange={() => toggle(r.id, r.reviewVersion)} />
                    </td>
                  ) : null}
                  <td className="rt-repo">
                    <Link href={`/trajectories/${r.id}`} title={`Replay trajectory ${r.id}`}>
                      {r.repositoryName}
                    </Link>
                    {r.supersededById ? <span className="rt-superseded" title="A newer run of this repository exists">superseded</span> : null}
                  </td>
                  <td>
                    <LanguageList languages={r.languages} />
                  </td>
                  <td>
                    <span className={`rt-state rt-state-${r.state}`}>{STATE_LABELS[r.state] ?? r.state}</span>
                  </td>
                  <td className="rt-reviewer" title={r.reviewer ? `${r.reviewer.email}${r.reviewedAt ? ` · ${formatDate(new Date(r.reviewedAt))}` : ''}` : undefined}>
                    {r.reviewer ? r.reviewer.name || r.reviewer.email || r.reviewer.id : <span className="muted">—</span>}
                  </td>
                  <td className="num">{formatCount(r.tokenCount)}</td>
                  <td className="num">{formatNll(r.nllBefore)}</td>
                  <td className="num">{formatNll(r.nllAfter)}</td>
                  <td className={`num${r.delta !== null && r.delta < 0 ? ' delta-lower' : ''}`}>{formatNll(r.delta, true)}</td>
                  <td>{r.provider}</td>
                  <td className="rt-model" title={r.model}>
                    {r.model}
                  </td>
                  <td className="rt-created">{formatDate(new Date(r.createdAt))}</td>
                  <td className="num">{r.reviewVersion}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

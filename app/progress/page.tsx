import type { Metadata } from 'next';
import Link from 'next/link';
import { StateBadge } from '@/components/review/StateBadge';
import { prisma } from '@/lib/platform/db/client';
import { formatTokens } from '@/components/replay/format';
import { reviewProgress } from '@/lib/4-review/progress';
import { REJECT_REASONS, REVIEW_STATES } from '@/lib/4-review/reasons';

export const metadata: Metadata = { title: 'Review progress' };
export const dynamic = 'force-dynamic';

const n = (x: number) => x.toLocaleString('en-US');
const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** Review progress: where the current trajectories stand, and who decided what. Anyone may view it. */
export default async function ProgressPage() {
  const p = await reviewProgress(prisma());
  return (
    <div className="page progress-page">
      <div className="page-head">
        <div>
          <h1>Review progress</h1>
          <p className="muted small">
            {`Current trajectories: complete and not replaced by a newer one of their repository (${n(p.superseded)} superseded ones are left out; their reviews stay in the history).`}
          </p>
        </div>
        <Link href="/review">Open the review queue</Link>
      </div>

      <dl className="stats" data-testid="progress-stats">
        <div className="stat">
          <dt>Trajectories</dt>
          <dd>{n(p.total)}</dd>
        </div>
        <div className="stat">
          <dt>Decided</dt>
          <dd>{`${n(p.decided)} (${percent(p.total ? p.decided / p.total : null)})`}</dd>
        </div>
        <div className="stat">
          <dt>Approval rate</dt>
          <dd data-testid="approval-rate" title="approved / (approved + rejected + needs re-synthesis)">
            {percent(p.approvalRate)}
          </dd>
        </div>
        <div className="stat">
          <dt>Approved tokens</dt>
          <dd data-testid="approved-tokens" title={`${n(p.approvedTokens)} of ${n(p.totalTokens)} tokens`}>
            {`${formatTokens(p.approvedTokens)} of ${formatTokens(p.totalTokens)}`}
          </dd>
        </div>
      </dl>

      <div className="progress-grid">
        <section className="panel">
          <h2>By state</h2>
          <table className="data progress-states" data-testid="progress-states">
            <tbody>
              {REVIEW_STATES.map((s) => (
                <tr key={s} data-state={s}>
                  <td>
                    <Link href={`/review?state=${s}`}>
                      <StateBadge state={s} />
                    </Link>
                  </td>
                  <td className="num">{n(p.counts[s])}</td>
                  <td className="progress-bar-cell">
                    <span className={`progress-bar review-state-${s}`} style={{ width: `${p.total ? (100 * p.counts[s]) / p.total : 0}%` }} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="panel">
          <h2>Why rejected</h2>
          <table className="data">
            <tbody>
              {REJECT_REASONS.map((r) => (
                <tr key={r.value}>
                  <td>{r.label}</td>
                  <td className="num">{n(p.rejectReasons[r.value])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>

      <section className="panel">
        <h2>Decisions per reviewer</h2>
        {p.reviewers.length === 0 ? (
          <p className="muted">No decision recorded yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="data" data-testid="progress-reviewers">
              <thead>
                <tr>
                  <th>Reviewer</th>
                  <th className="num">Approved</th>
                  <th className="num">Rejected</th>
                  <th className="num">Re-synthesis</th>
                  <th className="num">Reset to pending</th>
                  <th className="num">Total</th>
                  <th className="num">Of which bulk</th>
                  <th>Last decision</th>
                </tr>
              </thead>
              <tbody>
                {p.reviewers.map((r) => (
                  <tr key={r.reviewerId}>
                    <td>
                      {r.name} <span className="muted small">{r.email}</span>
                    </td>
                    <td className="num">{n(r.decisions.approved)}</td>
                    <td className="num">{n(r.decisions.rejected)}</td>
                    <td className="num">{n(r.decisions.needs_resynthesis)}</td>
                    <td className="num">{n(r.decisions.pending)}</td>
                    <td className="num">{n(r.total)}</td>
                    <td className="num">{n(r.bulk)}</td>
                    <td className="small">{`${r.lastDecisionAt.slice(0, 16).replace('T', ' ')} UTC`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

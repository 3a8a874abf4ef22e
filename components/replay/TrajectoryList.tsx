import Link from 'next/link';
import { formatNll } from '@/components/replay/format';
import type { TrajectoryRow } from '@/lib/3-search/studio/trajectoryQueries';

export function trajectoryHref(id: string, ordinal?: number): string {
  return `/trajectories/${encodeURIComponent(id)}${ordinal !== undefined ? `?step=${ordinal}` : ''}`;
}

/** A repository's trajectories, newest first, each linking to its replay (server-rendered). */
export function TrajectoryList({ rows, repository }: { rows: TrajectoryRow[]; repository: string }) {
  return (
    <section className="panel trajectory-list" aria-labelledby="trajectories-title">
      <h2 id="trajectories-title">
        Trajectories <span className="count">{rows.length}</span>
      </h2>
      {rows.length === 0 ? (
        <p className="muted small">
          No trajectory yet. Synthesize one with <code>{`npm run --silent retrace -- synthesize ${repository} --search --wait`}</code>.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="data compact">
            <thead>
              <tr>
                <th>Replay</th>
                <th>Synthesized</th>
                <th>Provider · model</th>
                <th className="num">Steps</th>
                <th className="num">Tokens</th>
                <th>Search (mean NLL before → after)</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((t) => (
                <tr key={t.id}>
                  <td>
                    <Link href={trajectoryHref(t.id)} data-testid="trajectory-link">
                      <code>{t.id.slice(0, 8)}</code>
                    </Link>
                  </td>
                  <td>{`${t.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`}</td>
                  <td>
                    <code>{t.provider}</code> · <code>{t.model}</code> {t.offline ? <span className="offline-tag">offline</span> : null}
                  </td>
                  <td className="num">{t.stepCount.toLocaleString('en-US')}</td>
                  <td className="num">{t.tokenCount.toLocaleString('en-US')}</td>
                  <td>
                    {t.search ? (
                      <>
                        {`${formatNll(t.search.meanNllBefore)} → ${formatNll(t.search.meanNllAfter)}`} <span className="muted small">{t.search.scorerModel}</span>{' '}
                        {t.search.offline ? <span className="offline-tag">offline</span> : null}
                      </>
                    ) : (
                      <span className="muted">none</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

import type { SkippedRow } from '@/lib/1-ingest/studio/queries';

/** The paths the ingest left out, with the reason for each. */
export function SkippedList({ skipped }: { skipped: SkippedRow[] }) {
  return (
    <section className="panel" id="skipped" aria-labelledby="skipped-title">
      <h2 id="skipped-title">
        Skipped <span className="count">{skipped.length}</span>
      </h2>
      {skipped.length === 0 ? (
        <p className="muted">Nothing was left out.</p>
      ) : (
        <table className="data compact skipped">
          <thead>
            <tr>
              <th scope="col">Path</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {skipped.map((s, i) => (
              <tr key={`${s.path}\0${i}`}>
                <td>
                  <code>{s.path}</code>
                </td>
                <td>{s.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

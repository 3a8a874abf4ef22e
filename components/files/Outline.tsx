import type { SymbolRow } from '@/lib/1-ingest/studio/queries';

/** The file's symbols in outline order; each name jumps to its first line. */
export function Outline({ symbols }: { symbols: SymbolRow[] }) {
  return (
    <section className="panel outline" aria-labelledby="outline-title">
      <h2 id="outline-title">
        Outline <span className="count">{symbols.length}</span>
      </h2>
      {symbols.length === 0 ? (
        <p className="muted">No classes, functions or other declarations found.</p>
      ) : (
        <table className="data compact outline-table">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Symbol</th>
              <th scope="col" className="num">
                Lines
              </th>
            </tr>
          </thead>
          <tbody>
            {symbols.map((s) => (
              <tr key={s.ordinal} className={s.parent ? 'nested' : undefined} data-symbol={s.name}>
                <td>
                  <span className={`kind kind-${s.kind}`}>{s.kind}</span>
                </td>
                <td className="symbol">
                  <a href={`#L${s.startLine}`} className="symbol-name">
                    {s.parent ? <span className="symbol-parent">{s.parent}.</span> : null}
                    {s.name}
                  </a>
                  <code className="signature" title={s.signature}>
                    {s.signature}
                  </code>
                  {s.doc ? <span className="doc">{s.doc}</span> : null}
                </td>
                <td className="num lines-range">
                  <a href={`#L${s.startLine}`}>
                    {s.startLine}
                    {s.endLine !== s.startLine ? `–${s.endLine}` : ''}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

import Link from 'next/link';
import type { FileDetail } from '@/lib/1-ingest/studio/queries';
import { repositoryHref } from '../repositories/links';

interface Props {
  file: FileDetail;
  repository: string;
  snapshot: string | null;
}

/** What the file imports (files of the repository, external packages, unresolved) and what imports it. */
export function ImportsPanel({ file, repository, snapshot }: Props) {
  const external = file.imports.filter((i) => i.status === 'external');
  const unresolved = file.imports.filter((i) => i.status === 'unresolved');
  const fileLink = (path: string) => repositoryHref(repository, { snapshot, file: path });
  const total = file.outgoing.length + file.imports.length;
  return (
    <section className="panel imports" aria-labelledby="imports-title">
      <h2 id="imports-title">
        Imports <span className="count">{total}</span>
      </h2>
      {total === 0 && file.incoming.length === 0 ? <p className="muted">No imports, and nothing imports this file.</p> : null}
      {file.outgoing.length > 0 ? (
        <div className="import-group">
          <h3>Files it imports</h3>
          <ul className="import-list">
            {file.outgoing.map((e, i) => (
              <li key={i}>
                <Link href={fileLink(e.path)} prefetch={false} className="import-path">
                  {e.path}
                </Link>
                {e.kind === 'type_only' ? <span className="tag">type only</span> : e.kind === 'same_package' ? <span className="tag" title="Used without an import: declared in another file of the same package">same package</span> : null}
                <span className="import-meta">
                  <code>{e.specifier}</code> · <a href={`#L${e.line}`}>line {e.line}</a>
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {external.length > 0 ? (
        <div className="import-group">
          <h3>External</h3>
          <ul className="import-list">
            {external.map((x, i) => (
              <li key={i}>
                <code className="import-path">{x.specifier}</code>
                <span className="import-meta">
                  <a href={`#L${x.line}`}>line {x.line}</a>
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {unresolved.length > 0 ? (
        <div className="import-group">
          <h3>Unresolved</h3>
          <ul className="import-list">
            {unresolved.map((x, i) => (
              <li key={i}>
                <code className="import-path warn-text">{x.specifier}</code>
                <span className="import-meta">
                  {x.reason ?? 'no matching file'} · <a href={`#L${x.line}`}>line {x.line}</a>
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {file.incoming.length > 0 ? (
        <div className="import-group">
          <h3>Imported by</h3>
          <ul className="import-list">
            {file.incoming.map((e, i) => (
              <li key={i}>
                <Link href={fileLink(e.path)} prefetch={false} className="import-path">
                  {e.path}
                </Link>
                {e.kind === 'type_only' ? <span className="tag">type only</span> : e.kind === 'same_package' ? <span className="tag" title="Used without an import: declared in another file of the same package">same package</span> : null}
                <span className="import-meta">
                  line {e.line}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

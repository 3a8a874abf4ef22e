import Link from 'next/link';
import type { FileRow } from '@/lib/1-ingest/studio/queries';
import { repositoryHref } from '../repositories/links';
import { formatCount } from '@/lib/platform/format';
import { LanguageBadge } from './LanguageBadge';

const SHOWN = 100;

/** Source files in implementation order: dependencies before the files that use them. */
export function ImplementationOrder({ files, repository, snapshot }: { files: FileRow[]; repository: string; snapshot: string | null }) {
  const ordered = files.filter((f) => f.orderIndex !== null).sort((a, b) => a.orderIndex! - b.orderIndex!);
  return (
    <section className="panel" aria-labelledby="order-title">
      <h2 id="order-title">
        Implementation order <span className="count">{ordered.length}</span>
      </h2>
      {ordered.length === 0 ? (
        <p className="muted">No parsed source files.</p>
      ) : (
        <>
          <p className="muted small">Dependencies come before the files that import them; files in a cycle are implemented together.</p>
          <ol className="order-list">
            {ordered.slice(0, SHOWN).map((f) => (
              <li key={f.path}>
                <Link href={repositoryHref(repository, { snapshot, file: f.path })} prefetch={false}>
                  {f.path}
                </Link>
                {f.inCycle ? <span className="cycle-mark">cycle</span> : null}
                <LanguageBadge language={f.language} />
                <span className="tree-count">{formatCount(f.lines)}</span>
              </li>
            ))}
          </ol>
          {ordered.length > SHOWN ? <p className="muted small">…and {formatCount(ordered.length - SHOWN)} more.</p> : null}
        </>
      )}
    </section>
  );
}

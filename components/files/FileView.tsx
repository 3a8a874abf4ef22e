import type { FileDetail } from '@/lib/1-ingest/studio/queries';
import { formatBytes, formatCount } from '@/lib/platform/format';
import { CodeView } from './CodeView';
import { ImportsPanel } from './ImportsPanel';
import { LanguageBadge } from './LanguageBadge';
import { Outline } from './Outline';

interface Props {
  file: FileDetail;
  repository: string;
  snapshot: string | null;
}

/** One file: its facts, outline, imports and content. */
export function FileView({ file, repository, snapshot }: Props) {
  return (
    <article className="file-view" data-path={file.path}>
      <header className="file-header">
        <h2 className="file-path">
          <code>{file.path}</code>
        </h2>
        <div className="file-facts">
          <LanguageBadge language={file.language} />
          <span>{formatCount(file.lines)} lines</span>
          <span>{formatBytes(file.bytes)}</span>
          {file.orderIndex !== null ? <span title="Position in the implementation order (dependencies first)">order #{file.orderIndex + 1}</span> : null}
          {file.inCycle ? (
            <span className="cycle-mark" title="This file is part of a dependency cycle (files that import or, in Go/Java, use each other)">
              in a cycle
            </span>
          ) : null}
          {file.syntaxErrors > 0 ? (
            <span className="error-mark wide" title="tree-sitter recovered from these; the outline is best-effort">
              {file.syntaxErrors} syntax error{file.syntaxErrors === 1 ? '' : 's'}
            </span>
          ) : null}
        </div>
      </header>
      <div className="file-meta">
        <Outline symbols={file.symbols} />
        <ImportsPanel file={file} repository={repository} snapshot={snapshot} />
      </div>
      <section className="panel content" aria-labelledby="content-title">
        <h2 id="content-title">Content</h2>
        <CodeView content={file.content} />
      </section>
    </article>
  );
}

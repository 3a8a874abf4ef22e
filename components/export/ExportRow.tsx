import { formatDuration, formatTime } from '@/components/jobs/types';
import { formatBytes, formatCount } from '@/lib/platform/format';
import { DeleteExportFiles } from './DeleteExportFiles';
import { exportFileHref, type ExportRunJson } from './types';

/** The options in a few words: "approved · every repository · jsonl · llama3 · 65,536 tokens · ATIF". */
function describe(o: ExportRunJson['options']): string {
  const parts = [
    o.status === 'needs_resynthesis' ? 'needs re-synthesis' : o.status,
    o.repository ?? 'every repository',
    o.format,
    o.tokenizer,
    `${formatCount(o.context)} tokens`,
    o.includeSuperseded ? 'with superseded' : null,
    o.pad ? 'padded' : null,
    o.withText ? 'with text' : null,
    o.atif ? 'ATIF' : null,
    o.limit ? `at most ${formatCount(o.limit)}` : null,
  ];
  return parts.filter(Boolean).join(' · ');
}

function Progress({ run }: { run: ExportRunJson }) {
  if (run.status === 'queued') return <span className="muted">waiting for a worker</span>;
  if (run.status !== 'running') return null;
  if (run.total <= 0) return <progress aria-label="Selecting trajectories" />;
  return (
    <span className="job-progress">
      <progress max={run.total} value={Math.min(run.done, run.total)} aria-label={`${run.done} of ${run.total} trajectories`} />
      <span className="muted">{`${formatCount(run.done)}/${formatCount(run.total)} trajectories`}</span>
    </span>
  );
}

function Summary({ run }: { run: ExportRunJson }) {
  const s = run.summary;
  if (!s) return null;
  return (
    <dl className="export-summary">
      <div>
        <dt>Trajectories</dt>
        <dd>{formatCount(s.counts.trajectories)}</dd>
      </div>
      <div>
        <dt>Sequences</dt>
        <dd>{formatCount(s.counts.sequences)}</dd>
      </div>
      <div>
        <dt>Tokens trained on</dt>
        <dd>{formatCount(s.tokens.trained)}</dd>
      </div>
      <div>
        <dt>Tokens masked</dt>
        <dd>{formatCount(s.tokens.masked)}</dd>
      </div>
      <div>
        <dt>Tokens in all</dt>
        <dd>{formatCount(s.tokens.total)}</dd>
      </div>
    </dl>
  );
}

/** Download links for every file; ATIF files are many, so they fold under their folder. */
function Files({ run }: { run: ExportRunJson }) {
  const top = run.files.filter((f) => !f.name.includes('/'));
  const nested = run.files.filter((f) => f.name.includes('/'));
  const link = (f: ExportRunJson['files'][number]) => (
    <li key={f.name}>
      <a href={exportFileHref(run.id, f.name)} download data-testid="export-file" data-name={f.name}>
        {f.name}
      </a>{' '}
      <span className="muted small">{formatBytes(f.bytes)}</span>
    </li>
  );
  return (
    <div className="export-files">
      <ul>{top.map(link)}</ul>
      {nested.length > 0 ? (
        <details className="export-atif">
          <summary>{`atif/ · ${formatCount(nested.length)} ${nested.length === 1 ? 'file' : 'files'}`}</summary>
          <ul>{nested.map(link)}</ul>
        </details>
      ) : null}
    </div>
  );
}

/**
 * One export: its options, state and progress, its error in full, and once finished its summary
 * and files (or who deleted them); `canManage` offers deleting them.
 */
export function ExportRow({ run, now, canManage }: { run: ExportRunJson; now: number; canManage: boolean }) {
  const started = run.startedAt ? Date.parse(run.startedAt) : null;
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now;
  return (
    <li className={`export-row is-${run.status}`} data-testid="export-row" data-status={run.status} data-export-id={run.id}>
      <div className="export-row-head">
        <span className={`status status-run-${run.status}`}>{run.status}</span>
        <span className="export-options">{describe(run.options)}</span>
        <span className="muted small export-when">
          {formatTime(run.createdAt)}
          {started !== null ? ` · ${run.status === 'running' ? 'running for' : 'took'} ${formatDuration(end - started)}` : ''}
          {` · ${run.requestedBy ?? 'command line'}`}
          {run.attempts > 1 ? ` · attempt ${run.attempts}` : ''}
        </span>
        <code className="muted small" title={run.id}>
          {run.id.slice(0, 8)}
        </code>
      </div>
      <Progress run={run} />
      {run.error ? <pre className={`job-error${run.status === 'failed' ? ' is-failed' : ''}`}>{run.error}</pre> : null}
      {run.status === 'succeeded' ? (
        <>
          <Summary run={run} />
          {run.filesDeletedAt ? (
            <p className="muted" data-testid="export-files-deleted">{`Files deleted by ${run.filesDeletedBy ?? 'someone'} at ${formatTime(run.filesDeletedAt)}.`}</p>
          ) : (
            <>
              <Files run={run} />
              {canManage && run.files.length > 0 ? <DeleteExportFiles run={run} /> : null}
            </>
          )}
        </>
      ) : null}
    </li>
  );
}

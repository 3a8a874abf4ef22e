'use client';
import { useState } from 'react';
import { CodeEditor, type CodeRegion } from '@/components/code/CodeEditor';
import type { CodeTarget } from '@/components/replay/codeTarget';
import { readRegionsOf, writeRegionOf } from '@/components/replay/codeTarget';
import type { PlanEntryRow } from '@/lib/3-search/studio/trajectoryQueries';
import { errorText, useSnapshotFile, useStepBody } from './queries';
import { TrainingCode } from './TrainingCode';

interface Props {
  trajectoryId: string;
  snapshotId: string;
  target: CodeTarget;
  requirements: string;
  plan: PlanEntryRow[];
  /** Playing fast: do not fetch step bodies (the file itself still shows). */
  deferBodies?: boolean;
  /** The trajectory has a succeeded search: a Write offers the training view (per-token scores). */
  searched?: boolean;
}

const lines = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'line' : 'lines'}`;

/**
 * The code beside the current step: the real file being read or written (its read or written
 * lines marked), a draft-against-real diff where an LLM draft was kept, the plan as JSON, or
 * for the main agent's other steps its requirements and plan.
 */
export function CodePanel({ trajectoryId, snapshotId, target, requirements, plan, deferBodies = false, searched = false }: Props) {
  const path = target.kind === 'read' || target.kind === 'write' || target.kind === 'file' ? target.path : null;
  const file = useSnapshotFile(snapshotId, path);
  const bodyOrdinal = target.kind === 'plan' ? target.ordinal : target.kind === 'read' ? target.observationOrdinal : target.kind === 'write' && target.hasDraft ? target.writeOrdinal : null;
  const body = useStepBody(trajectoryId, deferBodies && target.kind !== 'plan' ? null : bodyOrdinal);
  const [showDiff, setShowDiff] = useState(true);

  if (target.kind === 'none') return <RequirementsView requirements={requirements} plan={plan} />;

  if (target.kind === 'plan') {
    return (
      <CodeFrame caption={<>The plan the main agent recorded, as JSON</>} loading={body.isPending} error={body.error} onRetry={() => void body.refetch()}>
        {body.data ? <CodeEditor path="plan.json" language="json" content={body.data.actionContent ?? ''} height="100%" label="The plan as JSON" /> : null}
      </CodeFrame>
    );
  }

  const f = file.data;
  const loading = file.isPending || (bodyOrdinal !== null && !deferBodies && body.isPending);
  const error = file.error ?? (bodyOrdinal !== null ? body.error : null);
  const retry = () => {
    if (file.error) void file.refetch();
    if (body.error) void body.refetch();
  };

  let caption: React.ReactNode = <code>{path}</code>;
  let region: CodeRegion | null = null;
  let regions: CodeRegion[] | null = null;
  let original: string | null = null;
  let toggle: React.ReactNode = null;
  if (f && target.kind === 'read') {
    const read = readRegionsOf(body.data?.content ?? null, f.lines, f.content);
    [region = null, ...regions] = read.regions;
    caption = (
      <>
        <span className="code-role code-role-read">Read</span> <code>{path}</code>{' '}
        <span className="mask-tag" title="Observations are loss-masked in the flattened sample: no loss is taken on them">loss-masked</span>{' '}
        {read.reference ? (
          <span className="muted">{`shown in full earlier in this trajectory; this Read lists ${lines(read.regions.length)} declaring what is used here`}</span>
        ) : read.omitted ? (
          <span className="muted">
            {`lines 1–${read.omitted.startLine - 1} and ${read.omitted.endLine + 1}–${f.lines} shown; ${lines(read.omitted.endLine - read.omitted.startLine + 1)} in between left out of the observation`}
          </span>
        ) : (
          <span className="muted">{`the whole file, ${lines(f.lines)}`}</span>
        )}
      </>
    );
  } else if (f && target.kind === 'write') {
    const draft = target.hasDraft ? (body.data?.draft ?? null) : null;
    if (draft !== null) {
      toggle = (
        <button type="button" className="code-toggle" onClick={() => setShowDiff((v) => !v)} aria-pressed={showDiff}>
          {showDiff ? 'Show the file' : 'Show draft vs real'}
        </button>
      );
    }
    if (draft !== null && showDiff) original = draft;
    else region = writeRegionOf(f.lines);
    caption = (
      <>
        <span className="code-role code-role-write">Write</span> <code>{path}</code>{' '}
        <span className="muted">{original !== null ? 'left: the LLM draft kept for inspection; right: the real file written' : `the real file, ${lines(f.lines)}`}</span>
        {searched ? null : <span className="train-tag" title="In the flattened sample a Write's content is trained on; only Observations are loss-masked">trained on</span>}
      </>
    );
  } else if (f) {
    caption = (
      <>
        <span className="code-role">File</span> <code>{path}</code> <span className="muted">{`the real file this sub-agent writes, ${lines(f.lines)}`}</span>
      </>
    );
  }

  return (
    <CodeFrame caption={caption} toggle={toggle} loading={loading} error={error} onRetry={retry}>
      {f && target.kind === 'write' && searched && original === null ? (
        <TrainingCode trajectoryId={trajectoryId} writeOrdinal={target.writeOrdinal} file={f} region={region} />
      ) : f ? (
        <CodeEditor path={f.path} content={f.content} language={f.language} region={region} regions={regions} original={original} height="100%" />
      ) : null}
    </CodeFrame>
  );
}

function CodeFrame({ caption, toggle, loading, error, onRetry, children }: { caption: React.ReactNode; toggle?: React.ReactNode; loading: boolean; error: unknown; onRetry(): void; children: React.ReactNode }) {
  return (
    <section className="code-panel" aria-label="Code">
      <div className="code-caption">
        <span className="code-caption-text">{caption}</span>
        {toggle}
      </div>
      <div className="code-body">
        {error ? (
          <div className="replay-error" role="alert">
            Could not load the code: {errorText(error)}{' '}
            <button type="button" onClick={onRetry}>
              Try again
            </button>
          </div>
        ) : loading ? (
          <div className="code-editor-loading">Loading code…</div>
        ) : (
          children
        )}
      </div>
    </section>
  );
}

function RequirementsView({ requirements, plan }: { requirements: string; plan: PlanEntryRow[] }) {
  return (
    <section className="code-panel requirements-view" aria-label="Requirements and plan">
      <div className="code-caption">
        <span className="code-caption-text">
          <span className="code-role">Main agent</span> requirements and file-level plan
        </span>
      </div>
      <div className="code-body requirements-body">
        <pre className="requirements-text">{requirements || '(no requirements were written)'}</pre>
        <h3>{`Plan · ${plan.length} ${plan.length === 1 ? 'file' : 'files'} in implementation order`}</h3>
        <ol className="plan-list">
          {plan.map((p) => (
            <li key={p.ordinal}>
              <code>{p.path}</code> <span className="muted">{p.purpose}</span>
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}

'use client';
import type { StepOutline } from '@/components/replay/data';
import { formatDelta, formatNll } from '@/components/replay/format';
import type { StepBody } from '@/lib/3-search/studio/trajectoryQueries';
import { wordDiff } from '@/components/replay/wordDiff';
import { errorText } from './queries';
import { WordDiff } from './ThinkVersions';

interface Props {
  step: StepOutline | null;
  body: StepBody | undefined;
  loading: boolean;
  error: unknown;
  onRetry(): void;
}

/** The current step's search: its NLL before and after, and every candidate with its verdict. */
export function CandidatesPanel({ step, body, loading, error, onRetry }: Props) {
  return (
    <section className="candidates panel" data-testid="candidates" aria-label="Search candidates of this step">
      <h2>Search candidates</h2>
      <CandidatesBody step={step} body={body} loading={loading} error={error} onRetry={onRetry} />
    </section>
  );
}

function CandidatesBody({ step, body, loading, error, onRetry }: Props) {
  if (!step) return null;
  if (!step.search) {
    return <p className="muted small">{step.kind === 'think' ? 'This Think was not searched (searches rewrite the Think just before each Write).' : 'Only Thinks are searched; this step has no candidates.'}</p>;
  }
  if (error) {
    return (
      <div className="replay-error" role="alert">
        Could not load the candidates: {errorText(error)}{' '}
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  }
  if (loading || !body) return <p className="muted small">Loading candidates…</p>;
  const search = body.search;
  if (!search) return <p className="muted small">The search has no record for this step.</p>;
  const improved = search.nllAfter < search.nllBefore;
  return (
    <>
      <p className="candidates-summary">
        NLL of the real code {formatNll(search.nllBefore)} → <strong>{formatNll(search.nllAfter)}</strong>{' '}
        <span className={improved ? 'delta-lower' : 'muted'}>({formatDelta(search.nllBefore, search.nllAfter)})</span>
        {improved ? ' · a candidate replaced the original Think' : ' · the original Think was kept'}
      </p>
      {search.candidates.length === 0 ? (
        <p className="muted small">No candidate was proposed.</p>
      ) : (
        <ol className="candidate-list">
          {search.candidates.map((c) => (
            <li key={`${c.round}-${c.ordinal}`} className={`candidate ${c.accepted ? 'is-accepted' : 'is-rejected'}`}>
              <div className="candidate-head">
                <span className="candidate-round">{`Round ${c.round + 1} · #${c.ordinal + 1}`}</span>
                <span className="candidate-nll" title="Mean clipped NLL of the real code with this Think in place">
                  NLL {formatNll(c.nll)}
                </span>
                <span className={`verdict ${c.accepted ? 'accepted' : 'rejected'}`}>{c.accepted ? 'Accepted' : 'Rejected'}</span>
                {c.rejectedBecause ? <span className="candidate-why">{c.rejectedBecause}</span> : null}
              </div>
              <details>
                <summary>Candidate text</summary>
                <pre className="step-text">{c.text}</pre>
              </details>
              <details>
                <summary>Word diff against the original Think</summary>
                <WordDiff parts={wordDiff(body.content, c.text)} />
              </details>
            </li>
          ))}
        </ol>
      )}
      {improved ? (
        <details className="candidate-final">
          <summary>Think kept by the search</summary>
          <pre className="step-text">{search.finalText}</pre>
        </details>
      ) : null}
    </>
  );
}

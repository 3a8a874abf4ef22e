'use client';
import type { StepOutline } from '@/components/replay/data';
import { drawnKindOf, KIND_LABEL } from '@/components/replay/stepKind';
import type { StepBody } from '@/lib/3-search/studio/trajectoryQueries';
import { errorText } from './queries';
import { ThinkVersions } from './ThinkVersions';

interface Props {
  step: StepOutline;
  body: StepBody | undefined;
  loading: boolean;
  error: unknown;
  onRetry(): void;
}

/** Characters of a body shown before "show all": observations can be whole files. */
const SHOWN_CHARS = 20_000;

/** The current step: what it is, its tokens, and its full text (the preview until the body arrives). */
export function StepDetail({ step, body, loading, error, onRetry }: Props) {
  const kind = drawnKindOf(step);
  const text = body?.content ?? step.preview;
  const partial = !body && step.truncated;
  return (
    <section className={`step-detail panel step-kind-${kind}`} aria-label={`Step ${step.ordinal}`}>
      <header className="step-detail-head">
        <span className={`kind-chip kind-${kind}`}>{KIND_LABEL[kind]}</span>
        <h2>{`Step ${step.ordinal}`}</h2>
        <span className="muted">{step.agent === 'main' ? 'main agent' : <>sub-agent of <code>{step.file}</code></>}</span>
        <span className="step-detail-facts">
          <span>{`${step.tokens.toLocaleString('en-US')} tokens`}</span>
          {step.lossMasked ? <span className="masked-tag" title="Observation tokens are loss-masked: not trained on">loss-masked</span> : null}
          {step.hasDraft ? <span className="draft-tag" title="An LLM draft of this file was kept for inspection">draft kept</span> : null}
        </span>
      </header>
      {error ? (
        <div className="replay-error" role="alert">
          Could not load this step&apos;s text: {errorText(error)}{' '}
          <button type="button" onClick={onRetry}>
            Try again
          </button>
        </div>
      ) : null}
      {body?.search && body.search.finalText !== body.content ? (
        <ThinkVersions original={body.content} exported={body.search.finalText} nllBefore={body.search.nllBefore} nllAfter={body.search.nllAfter} />
      ) : (
        <LongText text={text} />
      )}
      {partial && loading ? <p className="muted small">Loading the full text…</p> : null}
    </section>
  );
}

function LongText({ text }: { text: string }) {
  if (text.length <= SHOWN_CHARS) return <pre className="step-text">{text || '(empty)'}</pre>;
  return (
    <>
      <pre className="step-text">{`${text.slice(0, SHOWN_CHARS)}\n…`}</pre>
      <details>
        <summary>{`Show the other ${(text.length - SHOWN_CHARS).toLocaleString('en-US')} of ${text.length.toLocaleString('en-US')} characters`}</summary>
        <pre className="step-text">{text.slice(SHOWN_CHARS)}</pre>
      </details>
    </>
  );
}

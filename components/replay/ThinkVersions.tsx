'use client';
import { useState } from 'react';
import { formatNll } from '@/components/replay/format';
import { diffCounts, wordDiff, type DiffPart } from '@/components/replay/wordDiff';

type View = 'exported' | 'original' | 'diff';

/** A word diff as text with removed words struck through and added ones marked (React escapes it all). */
export function WordDiff({ parts, testId }: { parts: readonly DiffPart[]; testId?: string }) {
  return (
    <pre className="step-text word-diff" data-testid={testId}>
      {parts.map((p, i) => (p.kind === 'same' ? <span key={i}>{p.text}</span> : p.kind === 'removed' ? <del key={i}>{p.text}</del> : <ins key={i}>{p.text}</ins>))}
    </pre>
  );
}

/**
 * A Think the search rewrote: the exported text (the rewrite) by default, marked as such, with the
 * original and a word diff between them one click away.
 */
export function ThinkVersions({ original, exported, nllBefore, nllAfter }: { original: string; exported: string; nllBefore: number; nllAfter: number }) {
  const [view, setView] = useState<View>('exported');
  const parts = view === 'diff' ? wordDiff(original, exported) : null;
  const counts = parts ? diffCounts(parts) : null;
  const button = (v: View, label: string) => (
    <button type="button" className="think-version" aria-pressed={view === v} data-testid={`think-view-${v}`} onClick={() => setView(v)}>
      {label}
    </button>
  );
  return (
    <div className="think-versions" data-view={view}>
      <p className="think-rewritten small">
        <span className="rewritten-tag" title="The export holds this text: the CoT search replaced the original Think because it lowered the NLL of the real code">
          rewritten by search (NLL {formatNll(nllBefore)} → {formatNll(nllAfter)})
        </span>{' '}
        {button('exported', 'Exported')} {button('original', 'Original')} {button('diff', 'Word diff')}
        {counts ? <span className="muted">{` ${counts.removed} words removed, ${counts.added} added`}</span> : null}
      </p>
      {view === 'exported' ? (
        <pre className="step-text" data-testid="think-exported">
          {exported}
        </pre>
      ) : view === 'original' ? (
        <pre className="step-text" data-testid="think-original">
          {original}
        </pre>
      ) : (
        <WordDiff parts={parts!} testId="think-diff" />
      )}
    </div>
  );
}

'use client';
import { Fragment, type CSSProperties, type ReactNode } from 'react';
import { labelChunks } from '@/components/graph/labels';

/** What file and folder nodes share: their box, their wrapping label text, their hover card. */

/** A node's box: its laid-out size, colour bar, and its height for the label's size limit (CSS --node-h). */
export function nodeBoxStyle(width: number | undefined, height: number | undefined, colour: string): CSSProperties {
  return { width, height, borderLeftColor: colour, '--node-h': `${height ?? 0}px` } as CSSProperties;
}

/** Text that may wrap between its words (labelChunks), not in the middle of one. */
export function Wrappable({ text }: { text: string }) {
  return (
    <>
      {labelChunks(text).map((chunk, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {chunk}
        </Fragment>
      ))}
    </>
  );
}

/** What hovering a node shows, at a constant size on screen whatever the zoom (CSS: .graph-node-card). */
export function NodeCard({ path, facts, hint }: { path: string; facts: ReactNode; hint: string }) {
  return (
    <span className="graph-node-card" data-testid="graph-node-card">
      <code>{path}</code>
      <span>{facts}</span>
      <span className="muted">{hint}</span>
    </span>
  );
}

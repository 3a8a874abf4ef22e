import { formatCount } from '@/lib/platform/format';

/** Beyond this many lines the rest of a file is not rendered (the page would get too heavy). */
export const MAX_RENDERED_LINES = 20_000;

export function splitLines(content: string): string[] {
  const lines = content.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/**
 * A file's text with line numbers; each line is addressable as #L<n>. The text is rendered
 * by React as text (escaped): markup in a file shows as characters, never runs. Line numbers
 * come from CSS so copying the code does not copy them.
 */
export function CodeView({ content }: { content: string }) {
  if (content.length === 0) return <p className="muted">This file is empty.</p>;
  const lines = splitLines(content);
  const shown = lines.length > MAX_RENDERED_LINES ? lines.slice(0, MAX_RENDERED_LINES) : lines;
  return (
    <>
      <pre className="code" data-lines={lines.length} style={{ ['--ln-width' as string]: `${Math.max(3, String(shown.length).length)}ch` }}>
        <code>
          {shown.map((text, i) => (
            <span key={i} className="line" id={`L${i + 1}`}>
              <a href={`#L${i + 1}`} className="ln" data-n={i + 1} aria-label={`Line ${i + 1}`} tabIndex={-1} />
              <span className="lc">{text}</span>
              {'\n'}
            </span>
          ))}
        </code>
      </pre>
      {shown.length < lines.length ? (
        <p className="notice">
          Showing the first {formatCount(shown.length)} of {formatCount(lines.length)} lines.
        </p>
      ) : null}
    </>
  );
}

'use client';
import { useEffect, useRef } from 'react';
import { FOCUS_SHORTCUTS } from '@/components/review/focusKeys';
import { REJECT_REASONS, type RejectReasonName } from '@/lib/4-review/reasons';
import { SHORTCUT_HELP } from '@/components/replay/keyboard';

function Overlay({ label, testId, onClose, children }: { label: string; testId: string; onClose: () => void; children: React.ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  // Focus moves into the dialog so screen readers announce it; keys are handled by the view's listener.
  useEffect(() => box.current?.focus(), []);
  return (
    <div className="review-overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="review-dialog" role="dialog" aria-modal="true" aria-label={label} data-testid={testId} tabIndex={-1} ref={box}>
        {children}
      </div>
    </div>
  );
}

/** The rejection reasons, picked by their number key (or a click); Esc cancels. */
export function ReasonPicker({ onPick, onClose }: { onPick: (reason: RejectReasonName) => void; onClose: () => void }) {
  return (
    <Overlay label="Reject: choose a reason" testId="reason-picker" onClose={onClose}>
      <h2>Reject: why?</h2>
      <ol className="reason-list">
        {REJECT_REASONS.map((r) => (
          <li key={r.value}>
            <button type="button" className="reason-option" onClick={() => onPick(r.value)}>
              <kbd>{r.key}</kbd> {r.label}
            </button>
          </li>
        ))}
      </ol>
      <p className="muted small">
        Press <kbd>1</kbd>–<kbd>7</kbd>; <kbd>Esc</kbd> cancels.
      </p>
    </Overlay>
  );
}

/** Keys and what they do, as a definition list. */
function ShortcutList({ shortcuts }: { shortcuts: readonly (readonly [string, string])[] }) {
  return (
    <dl className="cheat-list">
      {shortcuts.map(([key, what]) => (
        <div key={key}>
          <dt>
            <kbd>{key}</kbd>
          </dt>
          <dd>{what}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Every key of the focus view and of the replay under it. */
export function CheatSheet({ onClose }: { onClose: () => void }) {
  return (
    <Overlay label="Keyboard shortcuts" testId="cheat-sheet" onClose={onClose}>
      <h2>Keyboard</h2>
      <div className="cheat-columns">
        <section>
          <h3>Review</h3>
          <ShortcutList shortcuts={FOCUS_SHORTCUTS} />
        </section>
        <section>
          <h3>Replay</h3>
          <ShortcutList shortcuts={SHORTCUT_HELP} />
        </section>
      </div>
      <p className="muted small">
        <kbd>Esc</kbd> or <kbd>?</kbd> closes this.
      </p>
    </Overlay>
  );
}

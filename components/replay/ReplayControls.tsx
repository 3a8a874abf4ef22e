'use client';
import { SHORTCUT_HELP } from '@/components/replay/keyboard';
import { SPEEDS } from '@/components/replay/playback';

interface Props {
  index: number;
  count: number;
  ordinal: number | null;
  playing: boolean;
  speed: number;
  onGo(index: number): void;
  onTogglePlay(): void;
  onSpeed(speed: number): void;
  /** The list of keys (`?` toggles it). */
  keysOpen: boolean;
  onKeysOpen(open: boolean): void;
}

/** Small inline icons: the system fonts here lack the media-control glyphs. */
const ICONS = {
  first: 'M3 3h2v10H3zM13 3v10L6 8z',
  prev: 'M12 3v10L5 8z',
  next: 'M4 3v10l7-5z',
  last: 'M11 3h2v10h-2zM3 3v10l7-5z',
  play: 'M4 2v12l10-6z',
  pause: 'M4 3h3v10H4zM9 3h3v10H9z',
};

function Icon({ name }: { name: keyof typeof ICONS }) {
  return (
    <svg className="replay-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path d={ICONS[name]} fill="currentColor" />
    </svg>
  );
}

/** Play/pause, step, scrub and speed; the keyboard does the same (see components/replay/keyboard.ts). */
export function ReplayControls({ index, count, ordinal, playing, speed, onGo, onTogglePlay, onSpeed, keysOpen, onKeysOpen }: Props) {
  const empty = count === 0;
  const atStart = index <= 0;
  const atEnd = index >= count - 1;
  return (
    <div className="replay-controls" role="toolbar" aria-label="Replay controls">
      <div className="replay-buttons">
        <button type="button" onClick={() => onGo(0)} disabled={empty || atStart} aria-label="First step" title="First step (Home)">
          <Icon name="first" />
        </button>
        <button type="button" onClick={() => onGo(index - 1)} disabled={empty || atStart} aria-label="Previous step" title="Previous step (← or k)">
          <Icon name="prev" />
        </button>
        <button type="button" className="replay-play" onClick={onTogglePlay} disabled={empty} aria-label={playing ? 'Pause' : 'Play'} aria-pressed={playing} title="Play / pause (Space)">
          <Icon name={playing ? 'pause' : 'play'} /> {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" onClick={() => onGo(index + 1)} disabled={empty || atEnd} aria-label="Next step" title="Next step (→ or j)">
          <Icon name="next" />
        </button>
        <button type="button" onClick={() => onGo(count - 1)} disabled={empty || atEnd} aria-label="Last step" title="Last step (End)">
          <Icon name="last" />
        </button>
      </div>
      <input
        className="replay-scrub"
        type="range"
        min={0}
        max={Math.max(0, count - 1)}
        step={1}
        value={index}
        disabled={empty}
        onChange={(e) => onGo(Number(e.currentTarget.value))}
        aria-label="Scrub to step"
        aria-valuetext={ordinal === null ? 'No steps' : `Step ${ordinal}, ${index + 1} of ${count}`}
      />
      <span className="replay-position" aria-live="off">
        {empty ? 'No steps' : `Step ${ordinal} · ${(index + 1).toLocaleString('en-US')} of ${count.toLocaleString('en-US')}`}
      </span>
      <label className="replay-speed">
        Speed{' '}
        <select value={speed} onChange={(e) => onSpeed(Number(e.currentTarget.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>{`${s}×`}</option>
          ))}
        </select>
      </label>
      <details className="replay-keys" open={keysOpen} onToggle={(e) => onKeysOpen(e.currentTarget.open)}>
        <summary title="? opens and closes this list">Keys</summary>
        <dl>
          {SHORTCUT_HELP.map(([keys, what]) => (
            <div key={keys}>
              <dt>
                <kbd>{keys}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </details>
    </div>
  );
}

/** Playback timing: how long each step stays on screen, and the speed choices. */

export const SPEEDS = [0.5, 1, 2, 4, 8, 16] as const;
export const DEFAULT_SPEED = 1;

/** Milliseconds at 1×: a base, plus a little per token so long steps stay longer, capped. */
const BASE_MS = 600;
const MS_PER_TOKEN = 1.5;
const MAX_MS = 2400;
/** Faster than this and nobody sees the steps (and the browser cannot keep up with the URL). */
const MIN_MS = 40;

export function stepDelayMs(tokens: number, speed: number): number {
  const t = Number.isFinite(tokens) && tokens > 0 ? tokens : 0;
  const s = Number.isFinite(speed) && speed > 0 ? speed : DEFAULT_SPEED;
  return Math.max(MIN_MS, Math.round(Math.min(MAX_MS, BASE_MS + t * MS_PER_TOKEN) / s));
}

/** The next speed up (+1) or down (-1) the list; stays at the ends. */
export function stepSpeed(speed: number, direction: 1 | -1): number {
  const i = SPEEDS.findIndex((s) => s >= speed);
  const at = i < 0 ? SPEEDS.length - 1 : i;
  return SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, at + direction))];
}

export function clampIndex(index: number, count: number): number {
  if (count <= 0) return 0;
  return Math.max(0, Math.min(count - 1, Math.trunc(index)));
}

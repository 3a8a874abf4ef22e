/** Number formatting for the replay (deterministic: en-US, no locale of the machine leaks in). */

export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(n / 1000).toFixed(1)}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(n < 10_000_000 ? 2 : 1)}M`;
}

export function formatNll(n: number | null | undefined): string {
  return typeof n === 'number' && Number.isFinite(n) ? n.toFixed(3) : '—';
}

/** "−0.123" for a drop, "+0.010" for a rise, "±0" for none. */
export function formatDelta(before: number, after: number): string {
  const d = after - before;
  if (Math.abs(d) < 0.0005) return '±0';
  return `${d < 0 ? '−' : '+'}${Math.abs(d).toFixed(3)}`;
}

import type { JobView } from '@/lib/studio/jobs/listJobs';

/** A job as the browser receives it: dates as ISO strings. */
export type JobJson = Omit<JobView, 'createdAt' | 'startedAt' | 'finishedAt' | 'heartbeatAt'> & {
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  heartbeatAt: string | null;
};

export const ACTIVE = new Set(['queued', 'running']);

export const KIND_LABELS: Record<string, string> = {
  import: 'Import',
  synthesis: 'Synthesis',
  search: 'CoT search',
  'bulk-review': 'Bulk review',
  export: 'Export',
};

/** "2026-11-21 14:02:11" (UTC, as stored). */
export function formatTime(iso: string | null): string {
  return iso ? iso.slice(0, 19).replace('T', ' ') : '—';
}

/** "42 s", "3 min 5 s", "2 h 4 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

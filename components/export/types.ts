import type { ExportRunView } from '@/lib/5-export/runs/exportRuns';
import { studioRequest } from '@/lib/platform/http/studioRequest';

/** An export as the browser receives it: dates as ISO strings. */
export type ExportRunJson = Omit<ExportRunView, 'createdAt' | 'startedAt' | 'finishedAt' | 'heartbeatAt' | 'filesDeletedAt'> & {
  filesDeletedAt: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  heartbeatAt: string | null;
};

export const ACTIVE_EXPORT = new Set(['queued', 'running']);

/** The download URL of one file; `atif/ID.json` keeps its folder as a path segment. */
export function exportFileHref(exportId: string, name: string): string {
  return `/api/exports/${encodeURIComponent(exportId)}/files/${name.split('/').map(encodeURIComponent).join('/')}`;
}

export const fetchExports = () => studioRequest<ExportRunJson[]>('/api/exports');

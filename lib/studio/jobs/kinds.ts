import type { QueueContract } from '../../platform/jobs/queue';
import { bulkReviewQueue, exportQueue, importQueue, searchQueue, synthesisQueue } from '../../platform/jobs/queues';

/** Every kind of job a worker runs, as the jobs page and `retrace jobs` name them. */
export const JOB_KINDS = ['import', 'synthesis', 'search', 'bulk-review', 'export'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export function isJobKind(value: unknown): value is JobKind {
  return typeof value === 'string' && (JOB_KINDS as readonly string[]).includes(value);
}

export function isJobStatus(value: unknown): value is JobStatus {
  return typeof value === 'string' && (JOB_STATUSES as readonly string[]).includes(value);
}

/** The table of each kind's runs (constants: safe to put in SQL text). */
export const TABLE_OF: Record<JobKind, 'ImportRun' | 'SynthesisRun' | 'SearchRun' | 'BulkReviewRun' | 'ExportRun'> = {
  import: 'ImportRun',
  synthesis: 'SynthesisRun',
  search: 'SearchRun',
  'bulk-review': 'BulkReviewRun',
  export: 'ExportRun',
};

/** The pg-boss queue of a kind's jobs. */
export function queueOf(kind: JobKind): QueueContract<object> {
  switch (kind) {
    case 'import':
      return importQueue;
    case 'synthesis':
      return synthesisQueue;
    case 'search':
      return searchQueue;
    case 'bulk-review':
      return bulkReviewQueue;
    case 'export':
      return exportQueue;
  }
}

/** The payload a kind's job carries: the run's id under the name its consumer reads. */
export function payloadOf(kind: JobKind, id: string): object {
  switch (kind) {
    case 'import':
      return { importRunId: id };
    case 'synthesis':
      return { runId: id };
    case 'search':
      return { searchRunId: id };
    case 'bulk-review':
      return { bulkRunId: id };
    case 'export':
      return { exportRunId: id };
  }
}

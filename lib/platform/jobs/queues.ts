import { defineQueue } from './queue';

/** Synthesize one run (its snapshot and configuration are in the SynthesisRun row). */
export const synthesisQueue = defineQueue<{ runId: string }>('synthesis', {
  retryLimit: 3,
  retryDelay: 2,
  retryBackoff: true,
  // Runs can be long; a dead worker is detected by its stale heartbeat (lib/2-synthesize/runs/recoverStaleRuns.ts), not by expiry.
  expireInHours: 12,
});

/** Run one CoT search (its trajectory and configuration are in the SearchRun row). */
export const searchQueue = defineQueue<{ searchRunId: string }>('search', {
  retryLimit: 3,
  retryDelay: 2,
  retryBackoff: true,
  expireInHours: 12,
});

/** Import one repository for the studio (source and progress are in the ImportRun row). */
export const importQueue = defineQueue<{ importRunId: string }>('import', {
  // A bad path or archive fails the same way twice; one retry covers a flaky network clone.
  retryLimit: 1,
  retryDelay: 5,
  expireInHours: 2,
});

/** Decide every trajectory of one bulk review (selection, decision and progress are in the BulkReviewRun row). */
export const bulkReviewQueue = defineQueue<{ bulkRunId: string }>('bulk-review', {
  // A retry resumes: items this run already decided are recognised by their Review's bulkRunId.
  retryLimit: 2,
  retryDelay: 2,
  expireInHours: 1,
});

/** Write one export for the studio (options and progress are in the ExportRun row, files under RETRACE_HOME/exports/ID). */
export const exportQueue = defineQueue<{ exportRunId: string }>('export', {
  // A retry starts the export over in the same folder (an export is deterministic for the same data).
  retryLimit: 1,
  retryDelay: 5,
  expireInHours: 6,
});

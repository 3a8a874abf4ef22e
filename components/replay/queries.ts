'use client';
/**
 * The replay's data through react-query: a step's bodies and a snapshot file, fetched only when
 * shown (and the next step's bodies prefetched). Both are immutable for a given trajectory or
 * snapshot, so they never go stale.
 */
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { studioRequest } from '@/lib/platform/http/studioRequest';
import type { FileDetail } from '@/lib/1-ingest/studio/queries';
import type { StepBody } from '@/lib/3-search/studio/trajectoryQueries';
import type { WriteTokenScores } from '@/lib/3-search/studio/tokenScoresQuery';
import { unpackTokenScores, type StepTokenScores } from '@/lib/3-search/tokenScoresFormat';

const getJson = <T,>(url: string, signal?: AbortSignal) => studioRequest<T>(url, { signal });

const stepKey = (trajectoryId: string, ordinal: number) => ['trajectory-step', trajectoryId, ordinal] as const;
const stepOptions = (trajectoryId: string, ordinal: number) => ({
  queryKey: stepKey(trajectoryId, ordinal),
  queryFn: ({ signal }: { signal?: AbortSignal }) => getJson<StepBody>(`/api/trajectories/${encodeURIComponent(trajectoryId)}/steps/${ordinal}`, signal),
  staleTime: Infinity,
  gcTime: 5 * 60_000,
});

/** One step's full bodies and search candidates; `ordinal` null for none. */
export function useStepBody(trajectoryId: string, ordinal: number | null) {
  return useQuery({ ...stepOptions(trajectoryId, ordinal ?? -1), enabled: ordinal !== null && ordinal >= 0 });
}

const fileOptions = (snapshotId: string, path: string) => ({
  queryKey: ['snapshot-file', snapshotId, path] as const,
  queryFn: ({ signal }: { signal?: AbortSignal }) => getJson<FileDetail>(`/api/snapshots/${encodeURIComponent(snapshotId)}/file?path=${encodeURIComponent(path)}`, signal),
  staleTime: Infinity,
  gcTime: 5 * 60_000,
});

/** A file of the trajectory's snapshot, with its language and line count; `path` null for none. */
export function useSnapshotFile(snapshotId: string, path: string | null) {
  return useQuery({ ...fileOptions(snapshotId, path ?? ''), enabled: path !== null });
}

/** The stored blob (deflated, base64) back to typed arrays, with the browser's own inflater. */
async function inflateScores(deflated: string): Promise<StepTokenScores> {
  const bytes = Uint8Array.from(atob(deflated), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
  return unpackTokenScores(new Uint8Array(await new Response(stream).arrayBuffer()));
}

/** A Write's per-token scores from the latest search, decoded; `ordinal` null until the training view is opened. */
export function useWriteTokenScores(trajectoryId: string, ordinal: number | null) {
  return useQuery({
    queryKey: ['write-token-scores', trajectoryId, ordinal] as const,
    queryFn: async ({ signal }: { signal?: AbortSignal }) => {
      const meta = await getJson<WriteTokenScores>(`/api/trajectories/${encodeURIComponent(trajectoryId)}/steps/${ordinal}/token-scores`, signal);
      return { ...meta, scores: await inflateScores(meta.deflated) };
    },
    enabled: ordinal !== null,
    staleTime: Infinity,
    gcTime: 5 * 60_000,
    retry: false,
  });
}

/** Prefetches what the next step will show (its bodies, its file) once the current one settled. */
export function usePrefetchNext(trajectoryId: string, snapshotId: string, next: { ordinal: number; path: string | null } | null, ready: boolean) {
  const client = useQueryClient();
  const ordinal = next?.ordinal ?? null;
  const path = next?.path ?? null;
  useEffect(() => {
    if (!ready || ordinal === null) return;
    const timer = setTimeout(() => {
      void client.prefetchQuery(stepOptions(trajectoryId, ordinal));
      if (path !== null) void client.prefetchQuery(fileOptions(snapshotId, path));
    }, 120);
    return () => clearTimeout(timer);
  }, [client, trajectoryId, snapshotId, ordinal, path, ready]);
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong.';
}

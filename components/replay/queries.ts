'use client';
/**
 * The replay's data through react-query: a step's bodies and a snapshot file, fetched only when
 * shown (and the next step's bodies prefetched). Both are immutable for a given trajectory or
 * snapshot, so they never go stale.
 */
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { FileDetail } from '@/lib/studio/queries';
import type { StepBody } from '@/lib/studio/trajectoryQueries';

export class FetchError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new FetchError('The studio server did not answer. Is it still running?', 0);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: string } | null;
    throw new FetchError(body?.error ?? `The server answered ${res.status}.`, res.status);
  }
  return (await res.json()) as T;
}

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

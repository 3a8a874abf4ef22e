/**
 * The focus view's requests: the queue, a trajectory's replay data and review summary (through
 * react-query, so the next items are prefetched and switching is instant), and decisions.
 */
import type { ReplayData } from '@/components/replay/data';
import type { QueueItem, QueueState, ReviewSummary } from '@/lib/4-review/queue';
import { studioRequest as request } from '@/lib/platform/http/studioRequest';
import type { RejectReasonName, ReviewStateName } from '@/lib/4-review/reasons';

export const QUEUE_PAGE = 20;

export async function fetchQueuePage(state: QueueState, cursor: { after: string } | { before: string }, limit = QUEUE_PAGE): Promise<QueueItem[]> {
  const sp = new URLSearchParams({ state, limit: String(limit), ...cursor });
  return (await request<{ items: QueueItem[] }>(`/api/review/queue?${sp}`)).items;
}

export const replayOptions = (id: string) => ({
  queryKey: ['review-replay', id] as const,
  queryFn: ({ signal }: { signal?: AbortSignal }) => request<ReplayData>(`/api/trajectories/${encodeURIComponent(id)}/replay`, { signal }),
  staleTime: 5 * 60_000,
  gcTime: 5 * 60_000,
});

export const summaryKey = (id: string) => ['review-summary', id] as const;
export const summaryOptions = (id: string) => ({
  queryKey: summaryKey(id),
  queryFn: ({ signal }: { signal?: AbortSignal }) => request<ReviewSummary>(`/api/trajectories/${encodeURIComponent(id)}/review`, { signal }),
  staleTime: 10_000,
});

export interface DecisionBody {
  expectedVersion: number;
  decision: ReviewStateName;
  reason?: RejectReasonName | null;
  note?: string | null;
}

export interface DecisionResponse {
  trajectoryId: string;
  state: ReviewStateName;
  version: number;
  reviewId: string;
}

/** Throws a StudioRequestError: 409 (someone decided first: `body.current`), 400, 401/403, 404. */
export function postDecision(id: string, body: DecisionBody): Promise<DecisionResponse> {
  return request<DecisionResponse>(`/api/trajectories/${encodeURIComponent(id)}/review`, { json: body });
}

export function fetchSummary(id: string): Promise<ReviewSummary> {
  return request<ReviewSummary>(`/api/trajectories/${encodeURIComponent(id)}/review`);
}

/**
 * The focus view's requests: the queue, a trajectory's replay data and review summary (through
 * react-query, so the next items are prefetched and switching is instant), and decisions.
 */
import type { ReplayData } from '@/lib/replay/data';
import type { QueueItem, QueueState, ReviewSummary } from '@/lib/review/queue';
import type { RejectReasonName, ReviewStateName } from '@/lib/review/reasons';

export class RequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: Record<string, unknown> | null = null,
  ) {
    super(message);
  }
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { accept: 'application/json', ...(init?.body ? { 'content-type': 'application/json' } : {}) } });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new RequestError('The studio server did not answer. Is it still running?', 0);
  }
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!res.ok) throw new RequestError(typeof body?.error === 'string' ? body.error : `The server answered ${res.status}.`, res.status, body);
  return body as T;
}

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

/** Throws a RequestError: 409 (someone decided first: `body.current`), 400, 401/403, 404. */
export function postDecision(id: string, body: DecisionBody): Promise<DecisionResponse> {
  return request<DecisionResponse>(`/api/trajectories/${encodeURIComponent(id)}/review`, { method: 'POST', body: JSON.stringify(body) });
}

export function fetchSummary(id: string): Promise<ReviewSummary> {
  return request<ReviewSummary>(`/api/trajectories/${encodeURIComponent(id)}/review`);
}

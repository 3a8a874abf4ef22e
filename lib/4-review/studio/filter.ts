/**
 * The bulk review table's request values: filter, sort and page, from URL search parameters
 * (the page and GET /api/review/table) or from a JSON body (POST /api/review/bulk). Every
 * value is checked here; a wrong one gives a ReviewFilterError that says what to send instead.
 */
import { RequestError } from '../../platform/http/requestError';

export const REVIEW_STATES = ['pending', 'approved', 'rejected', 'needs_resynthesis'] as const;
export type ReviewStateName = (typeof REVIEW_STATES)[number];

export const REVIEW_SORT_KEYS = ['repository', 'languages', 'state', 'reviewer', 'tokens', 'steps', 'nllBefore', 'nllAfter', 'delta', 'provider', 'model', 'created', 'version'] as const;
export type ReviewSortKey = (typeof REVIEW_SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';

/** Validated filter; an absent field does not filter. */
export interface ReviewFilter {
  /** Case-insensitive substring of the repository name. */
  repository?: string;
  /** One of the snapshot's languages (lower case). */
  language?: string;
  state?: ReviewStateName;
  /** The last reviewer's user id or e-mail. */
  reviewer?: string;
  /** Range of nllAfter − nllBefore (inclusive); trajectories never searched have no delta and are left out. */
  deltaMin?: number;
  deltaMax?: number;
  tokensMin?: number;
  tokensMax?: number;
  /** The synthesis run's provider, exactly (offline, openai). */
  provider?: string;
  /** Also show trajectories superseded by a newer run of the same repository. */
  superseded?: boolean;
}

export interface ReviewSort {
  key: ReviewSortKey;
  dir: SortDirection;
}

export interface ReviewPageRequest {
  /** 1-based. */
  page: number;
  pageSize: number;
}

export interface ReviewTableRequest {
  filter: ReviewFilter;
  sort: ReviewSort;
  page: ReviewPageRequest;
}

export class ReviewFilterError extends RequestError {}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
const MAX_TEXT = 200;
export const DEFAULT_SORT: ReviewSort = { key: 'created', dir: 'desc' };

/** URLSearchParams, Next's searchParams record, or a JSON object. */
export type RawParams = URLSearchParams | Record<string, unknown>;

function getter(params: RawParams): (name: string) => string | undefined {
  return (name) => {
    const v = params instanceof URLSearchParams ? params.get(name) : params[name];
    const one = Array.isArray(v) ? v[0] : v;
    if (one === null || one === undefined) return undefined;
    if (typeof one === 'number' || typeof one === 'boolean') return String(one);
    if (typeof one !== 'string') throw new ReviewFilterError(`${name} must be a string or a number.`);
    const trimmed = one.replace(/\0/g, '').trim();
    return trimmed === '' ? undefined : trimmed;
  };
}

function text(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.length > MAX_TEXT) throw new ReviewFilterError(`${name} is longer than ${MAX_TEXT} characters.`);
  return value;
}

function number(name: string, value: string | undefined, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || Math.abs(n) > 1e9) {
    throw new ReviewFilterError(`${name} must be ${integer ? 'a whole number' : 'a number'} (got ${JSON.stringify(value.slice(0, 40))}).`);
  }
  return n;
}

function range(lowName: string, low: number | undefined, highName: string, high: number | undefined) {
  if (low !== undefined && high !== undefined && low > high) throw new ReviewFilterError(`${lowName} (${low}) is above ${highName} (${high}): swap them.`);
}

/** The filter part; throws ReviewFilterError on a value that cannot be meant. */
export function parseReviewFilter(params: RawParams): ReviewFilter {
  const get = getter(params);
  const filter: ReviewFilter = {};
  const repository = text('repository', get('repository'));
  if (repository) filter.repository = repository;
  const language = get('language');
  if (language !== undefined) {
    if (!/^[a-z0-9+#._-]{1,40}$/i.test(language)) throw new ReviewFilterError(`language must be a language name such as typescript or python (got ${JSON.stringify(language.slice(0, 40))}).`);
    filter.language = language.toLowerCase();
  }
  const state = get('state');
  if (state !== undefined) {
    if (!(REVIEW_STATES as readonly string[]).includes(state)) throw new ReviewFilterError(`state must be one of ${REVIEW_STATES.join(', ')} (got ${JSON.stringify(state.slice(0, 40))}).`);
    filter.state = state as ReviewStateName;
  }
  const reviewer = text('reviewer', get('reviewer'));
  if (reviewer) filter.reviewer = reviewer;
  const provider = text('provider', get('provider'));
  if (provider) filter.provider = provider;
  const deltaMin = number('deltaMin', get('deltaMin'), false);
  const deltaMax = number('deltaMax', get('deltaMax'), false);
  const tokensMin = number('tokensMin', get('tokensMin'), true);
  const tokensMax = number('tokensMax', get('tokensMax'), true);
  range('deltaMin', deltaMin, 'deltaMax', deltaMax);
  range('tokensMin', tokensMin, 'tokensMax', tokensMax);
  if (deltaMin !== undefined) filter.deltaMin = deltaMin;
  if (deltaMax !== undefined) filter.deltaMax = deltaMax;
  if (tokensMin !== undefined) filter.tokensMin = tokensMin;
  if (tokensMax !== undefined) filter.tokensMax = tokensMax;
  const superseded = get('superseded');
  if (superseded === '1' || superseded === 'true') filter.superseded = true;
  return filter;
}

function positiveInt(value: string | undefined, fallback: number): number {
  return value !== undefined && /^\d{1,9}$/.test(value) && Number(value) >= 1 ? Number(value) : fallback;
}

/** Sort and page: unknown keys, directions and pages fall back to the defaults (a stale link still works). */
export function parseReviewSortAndPage(params: RawParams): { sort: ReviewSort; page: ReviewPageRequest } {
  const get = (name: string) => {
    try {
      return getter(params)(name);
    } catch {
      return undefined;
    }
  };
  const key = get('sort');
  const sortKey = (REVIEW_SORT_KEYS as readonly string[]).includes(key ?? '') ? (key as ReviewSortKey) : DEFAULT_SORT.key;
  const dir = get('dir');
  const sortDir: SortDirection = dir === 'asc' || dir === 'desc' ? dir : sortKey === DEFAULT_SORT.key ? DEFAULT_SORT.dir : 'asc';
  return {
    sort: { key: sortKey, dir: sortDir },
    page: { page: positiveInt(get('page'), 1), pageSize: Math.min(positiveInt(get('pageSize'), DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE) },
  };
}

/** Filter, sort and page of one request. */
export function parseReviewTableRequest(params: RawParams): ReviewTableRequest {
  return { filter: parseReviewFilter(params), ...parseReviewSortAndPage(params) };
}

/** The filter as URL search parameters (for links and the form), in a stable order. */
export function reviewFilterParams(filter: ReviewFilter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['repository', 'language', 'state', 'reviewer', 'provider', 'deltaMin', 'deltaMax', 'tokensMin', 'tokensMax'] as const) {
    const v = filter[key];
    if (v !== undefined) out[key] = String(v);
  }
  if (filter.superseded) out.superseded = '1';
  return out;
}

/** True when the filter filters nothing. */
export function isEmptyFilter(filter: ReviewFilter): boolean {
  return Object.keys(reviewFilterParams(filter)).length === 0;
}

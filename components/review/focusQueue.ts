/**
 * The focus view's window onto the queue, as pure functions over plain data: the items loaded
 * so far (in queue order), which one is current, and what to fetch or prefetch next. The
 * client component holds a FocusWindow in state and swaps it for the results of these.
 */

export interface FocusWindow<T extends { id: string }> {
  items: T[];
  /** The current item; items.length means "past the end" (the queue is done). */
  index: number;
  /** False once a page after the last item came back short. */
  moreAfter: boolean;
  /** False once a page before the first item came back short. */
  moreBefore: boolean;
}

/** Appends a page fetched after the last item (items already present are skipped). */
export function appendPage<T extends { id: string }>(w: FocusWindow<T>, page: T[], requested: number): FocusWindow<T> {
  const known = new Set(w.items.map((i) => i.id));
  return { ...w, items: [...w.items, ...page.filter((i) => !known.has(i.id))], moreAfter: page.length >= requested };
}

/** Prepends a page fetched before the first item; the current item stays current. */
export function prependPage<T extends { id: string }>(w: FocusWindow<T>, page: T[], requested: number): FocusWindow<T> {
  const known = new Set(w.items.map((i) => i.id));
  const fresh = page.filter((i) => !known.has(i.id));
  return { ...w, items: [...fresh, ...w.items], index: w.index + fresh.length, moreBefore: page.length >= requested };
}

/** Replaces one item (after a decision or a reload) wherever it is. */
export function replaceItem<T extends { id: string }>(w: FocusWindow<T>, id: string, patch: Partial<T>): FocusWindow<T> {
  return { ...w, items: w.items.map((i) => (i.id === id ? { ...i, ...patch } : i)) };
}

/** Moves by `delta`, clamped to [0, items.length] (items.length: past the end). */
export function move<T extends { id: string }>(w: FocusWindow<T>, delta: number): FocusWindow<T> {
  return { ...w, index: Math.max(0, Math.min(w.items.length, w.index + delta)) };
}

export function currentItem<T extends { id: string }>(w: FocusWindow<T>): T | null {
  return w.items[w.index] ?? null;
}

/** Whether to fetch the page after the last item: close to the end of what is loaded, with more to come. */
export function needsPageAfter<T extends { id: string }>(w: FocusWindow<T>, margin = 3): boolean {
  return w.moreAfter && w.items.length - w.index <= margin;
}

/** The ids to prefetch around the current item: the next `ahead`, then the previous one. */
export function prefetchIds<T extends { id: string }>(w: FocusWindow<T>, ahead = 2): string[] {
  const ids = w.items.slice(w.index + 1, w.index + 1 + ahead).map((i) => i.id);
  if (w.index > 0 && w.items[w.index - 1]) ids.push(w.items[w.index - 1].id);
  return ids;
}

'use client';
/**
 * The focus view's queue window in React: the current item, next/previous with pages fetched as
 * the reviewer nears either end, and the next items' replay data and review summaries prefetched
 * so that moving on is instant.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { appendPage, currentItem, move, needsPageAfter, prefetchIds, prependPage, replaceItem, type FocusWindow } from '@/components/review/focusQueue';
import type { QueueItem, QueueState } from '@/lib/4-review/queue';
import { fetchQueuePage, QUEUE_PAGE, replayOptions, summaryOptions } from './api';

export function useFocusWindow(state: QueueState, initial: FocusWindow<QueueItem>, onError: (message: string) => void) {
  const [win, setWin] = useState(initial);
  const [loadingAfter, setLoadingAfter] = useState(false);
  const loadingBefore = useRef(false);
  const queryClient = useQueryClient();
  const item = currentItem(win);

  // The next page, fetched a few items before the end (or at once when past it).
  const lastId = win.items.at(-1)?.id ?? null;
  const wantsPage = needsPageAfter(win) && lastId !== null;
  useEffect(() => {
    if (!wantsPage || loadingAfter || !lastId) return;
    setLoadingAfter(true);
    fetchQueuePage(state, { after: lastId })
      .then((page) => setWin((w) => appendPage(w, page, QUEUE_PAGE)))
      .catch((err: Error) => {
        onError(`Could not load more of the queue: ${err.message}`);
        setWin((w) => ({ ...w, moreAfter: false }));
      })
      .finally(() => setLoadingAfter(false));
  }, [wantsPage, loadingAfter, lastId, state, onError]);

  // Prefetch what the next items (and the previous one) show: their replay and review history.
  const around = prefetchIds(win).join(',');
  useEffect(() => {
    for (const id of around ? around.split(',') : []) {
      void queryClient.prefetchQuery(replayOptions(id));
      void queryClient.prefetchQuery(summaryOptions(id));
    }
  }, [around, queryClient]);

  const next = useCallback(() => setWin((w) => move(w, 1)), []);

  const prev = useCallback(() => {
    if (win.index > 0 || !win.moreBefore) {
      setWin((w) => move(w, -1));
      return;
    }
    const firstId = win.items[0]?.id;
    if (!firstId || loadingBefore.current) return;
    loadingBefore.current = true;
    fetchQueuePage(state, { before: firstId })
      .then((page) => setWin((w) => move(prependPage(w, page, QUEUE_PAGE), -1)))
      .catch((err: Error) => onError(`Could not load the previous items: ${err.message}`))
      .finally(() => {
        loadingBefore.current = false;
      });
  }, [win, state, onError]);

  const update = useCallback((id: string, patch: Partial<QueueItem>) => setWin((w) => replaceItem(w, id, patch)), []);

  return { win, item, next, prev, update, loadingAfter };
}

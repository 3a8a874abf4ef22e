'use client';
import { useEffect, useState } from 'react';
import { buildElkGraph, layoutKey, positionsOf, type NodeBox } from '@/components/graph/elkInput';
import type { ViewGraph } from '@/components/graph/types';
import { runElkLayout } from './elkLayout';

export type LayoutState =
  | { status: 'running'; key: string }
  | { status: 'done'; key: string; positions: Map<string, NodeBox> }
  | { status: 'error'; key: string; error: string };

/**
 * The ELK layout of a drawn graph, redone only when its nodes or edges change (not on
 * highlights). A result that arrives after the graph changed again is dropped.
 */
export function useElkLayout(graph: ViewGraph, attempt = 0): LayoutState {
  const key = layoutKey(graph);
  const [state, setState] = useState<LayoutState>({ status: 'running', key });

  useEffect(() => {
    let current = true;
    setState((s) => (s.key === key && s.status === 'done' ? s : { status: 'running', key }));
    const t0 = performance.now();
    runElkLayout(buildElkGraph(graph))
      .then((result) => {
        // Each layout's time shows in the browser's performance timeline (and the benchmark).
        performance.measure('retrace:graph-layout', { start: t0, end: performance.now() });
        if (current) setState({ status: 'done', key, positions: positionsOf(result) });
      })
      .catch((err: unknown) => {
        if (current) setState({ status: 'error', key, error: err instanceof Error ? err.message : String(err) });
      });
    return () => {
      current = false;
    };
    // The key stands for the graph's shape; `graph` itself changes identity on every render.
  }, [key, attempt]); // eslint-disable-line react-hooks/exhaustive-deps

  return state.key === key ? state : { status: 'running', key };
}

'use client';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ExportRow } from './ExportRow';
import { ACTIVE_EXPORT, fetchExports, type ExportRunJson } from './types';
import { ErrorText } from '../feedback/ErrorText';

/** Every export, newest first (reviewers may delete a finished one's files): polled every second while one is queued or running, every 5 s otherwise. */
export function ExportList({ initial, serverNow, canManage }: { initial: ExportRunJson[]; serverNow: number; canManage: boolean }) {
  const { data, error } = useQuery({
    queryKey: ['exports'],
    queryFn: fetchExports,
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.some((r) => ACTIVE_EXPORT.has(r.status)) ? 1000 : 5000),
  });
  // Elapsed times tick with the clock; the first render uses the server's (same HTML on both sides).
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const runs = data ?? [];
  const active = runs.filter((r) => ACTIVE_EXPORT.has(r.status)).length;
  return (
    <section className="export-list" aria-label="Exports">
      <h2>
        Exports <span className="muted small" aria-live="polite">{active ? `${active} active, updating every second` : ''}</span>
      </h2>
      <ErrorText error={error ? (error as Error).message : null} />
      {runs.length === 0 ? (
        <p className="muted">No exports yet.</p>
      ) : (
        <ul className="export-rows">
          {runs.map((run) => (
            <ExportRow key={run.id} run={run} now={now} canManage={canManage} />
          ))}
        </ul>
      )}
    </section>
  );
}

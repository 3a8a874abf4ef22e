'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { studioRequest } from '@/lib/platform/http/studioRequest';
import { JobRow } from './JobRow';
import { ACTIVE, KIND_LABELS, type JobJson } from './types';
import { ErrorText } from '../feedback/ErrorText';

const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

async function fetchJobs(kind: string, status: string): Promise<JobJson[]> {
  const query = new URLSearchParams({ ...(kind ? { kind } : {}), ...(status ? { status } : {}), limit: '200' });
  return (await studioRequest<{ jobs: JobJson[] }>(`/api/jobs?${query}`)).jobs;
}

/**
 * Every job, live: polled every second while any is queued or running, every 5 s otherwise (so
 * new jobs appear). Filters are kept in the URL.
 */
export function JobsBoard({ initial, initialKind, initialStatus, canAct, serverNow }: { initial: JobJson[]; initialKind: string; initialStatus: string; canAct: boolean; serverNow: number }) {
  const [kind, setKind] = useState(initialKind);
  const [status, setStatus] = useState(initialStatus);
  const router = useRouter();
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const { data, error, isFetching } = useQuery({
    queryKey: ['jobs', kind, status],
    queryFn: () => fetchJobs(kind, status),
    initialData: kind === initialKind && status === initialStatus ? initial : undefined,
    refetchInterval: (q) => (q.state.data?.some((j) => ACTIVE.has(j.status)) ? 1000 : 5000),
  });
  // Elapsed times tick with the clock; the first render uses the server's clock (same HTML on both sides).
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const filter = (nextKind: string, nextStatus: string) => {
    setKind(nextKind);
    setStatus(nextStatus);
    const query = new URLSearchParams({ ...(nextKind ? { kind: nextKind } : {}), ...(nextStatus ? { status: nextStatus } : {}) }).toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  const jobs = data ?? [];
  const active = jobs.filter((j) => ACTIVE.has(j.status)).length;

  return (
    <section className="jobs-board" aria-label="Jobs">
      <div className="jobs-filters">
        <label>
          Kind{' '}
          <select data-testid="job-filter-kind" value={kind} onChange={(e) => filter(e.target.value, status)}>
            <option value="">all</option>
            {Object.entries(KIND_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status{' '}
          <select data-testid="job-filter-status" value={status} onChange={(e) => filter(kind, e.target.value)}>
            <option value="">all</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small" aria-live="polite">
          {`${jobs.length} ${jobs.length === 1 ? 'job' : 'jobs'}${active ? ` · ${active} active, updating every second` : ''}${isFetching ? ' · …' : ''}`}
        </span>
      </div>
      <ErrorText error={error ? (error as Error).message : null} />
      {jobs.length === 0 ? (
        <p className="muted jobs-empty">{kind || status ? 'No jobs match these filters.' : 'No jobs yet: imports, syntheses, searches and bulk reviews appear here.'}</p>
      ) : (
        <div className="table-wrap">
          <table className="data jobs">
            <thead>
              <tr>
                <th>Kind</th>
                <th>Subject</th>
                <th>Status</th>
                <th>Progress</th>
                <th>Time (UTC)</th>
                <th>Requested by</th>
                <th>
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <JobRow key={`${job.kind}:${job.id}`} job={job} canAct={canAct} now={now} onChanged={() => void queryClient.invalidateQueries({ queryKey: ['jobs'] })} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

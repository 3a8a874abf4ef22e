import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { JobsBoard } from '@/components/jobs/JobsBoard';
import type { JobJson } from '@/components/jobs/types';
import { currentUser } from '@/lib/platform/auth/guard';
import { hasRole } from '@/lib/platform/auth/roles';
import { prisma } from '@/lib/platform/db/client';
import { isJobKind, isJobStatus } from '@/lib/studio/jobs/kinds';
import { listJobs } from '@/lib/studio/jobs/listJobs';
import { single } from '@/lib/platform/http/requestValues';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Jobs' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Every job (imports, syntheses, searches, bulk reviews, exports), live; reviewers can cancel and retry. */
export default async function JobsPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const kind = single(sp.kind);
  const status = single(sp.status);
  const filters = { kind: isJobKind(kind) ? kind : undefined, status: isJobStatus(status) ? status : undefined };
  const user = await currentUser(await headers());
  const jobs = await listJobs(prisma(), { ...filters, limit: 200 });
  // Dates as ISO strings, exactly as /api/jobs sends them.
  const initial = JSON.parse(JSON.stringify(jobs)) as JobJson[];
  return (
    <div className="page page-wide">
      <div className="page-head">
        <div>
          <h1>Jobs</h1>
          <p className="muted">
            Imports, syntheses, CoT searches, bulk reviews and exports, newest first.
            {user && hasRole(user.role, 'reviewer') ? null : ' Reviewers can cancel and retry them.'}
          </p>
        </div>
      </div>
      <JobsBoard initial={initial} initialKind={filters.kind ?? ''} initialStatus={filters.status ?? ''} canAct={!!user && hasRole(user.role, 'reviewer')} serverNow={Date.now()} />
    </div>
  );
}

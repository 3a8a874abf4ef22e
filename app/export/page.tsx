import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { ExportForm } from '@/components/export/ExportForm';
import { ExportList } from '@/components/export/ExportList';
import type { ExportRunJson } from '@/components/export/types';
import { currentUser } from '@/lib/platform/auth/guard';
import { hasRole } from '@/lib/platform/auth/roles';
import { prisma } from '@/lib/platform/db/client';
import { listExportRuns, repositoryNames } from '@/lib/5-export/runs/exportRuns';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Export' };

/** Reviewed trajectories as training data: reviewers start exports; everyone can follow them and download the files. */
export default async function ExportPage() {
  const user = await currentUser(await headers()).catch(() => null);
  const canExport = !!user && hasRole(user.role, 'reviewer');
  const [runs, repositories] = await Promise.all([listExportRuns(prisma()), canExport ? repositoryNames(prisma()) : []]);
  // Dates as ISO strings, exactly as /api/exports sends them.
  const initial = JSON.parse(JSON.stringify(runs)) as ExportRunJson[];
  return (
    <div className="page page-wide">
      <div className="page-head">
        <div>
          <h1>Export</h1>
          <p className="muted">
            Reviewed trajectories as packed, tokenized training sequences (JSONL or Parquet) with a dataset card, a manifest and, if asked, one ATIF file per trajectory — what{' '}
            <code>retrace export</code> writes.
            {canExport ? null : user ? ` ${user.email} is a ${user.role}: starting an export needs the reviewer role.` : ' Sign in as a reviewer to start one.'}
          </p>
        </div>
      </div>
      {canExport ? <ExportForm repositories={repositories} /> : null}
      <ExportList initial={initial} serverNow={Date.now()} canManage={canExport} />
    </div>
  );
}

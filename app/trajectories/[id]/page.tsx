import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ResynthesizeForReviewers } from '@/components/jobs/ResynthesizeForReviewers';
import { repositoryHref } from '@/components/repositories/links';
import { TrajectoryReplay } from '@/components/replay/TrajectoryReplay';
import { ReviewPanel } from '@/components/review/ReviewPanel';
import { prisma } from '@/lib/platform/db/client';
import { initialStepIndex, toReplayData } from '@/components/replay/data';
import { getReviewSummary } from '@/lib/4-review/queue';
import { isUuid } from '@/lib/platform/http/requestValues';
import { getTrajectoryOutline } from '@/lib/3-search/studio/trajectoryQueries';

export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { id } = await params;
  return { title: isUuid(id) ? `Trajectory ${id.slice(0, 8)}` : 'Trajectory' };
}

/**
 * The replay of one trajectory. The outline (every step without its bodies) comes with the
 * page, so the timeline renders at once; bodies are fetched as steps are shown.
 */
export default async function TrajectoryPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const [outline, review] = await Promise.all([getTrajectoryOutline(prisma(), id), getReviewSummary(prisma(), id)]);
  if (!outline) notFound();
  const sp = await searchParams;
  const initialIndex = initialStepIndex(outline.steps, sp.step);
  const data = toReplayData(outline);

  return (
    <div className="page page-wide replay-page">
      <div className="page-head">
        <div>
          <nav className="breadcrumb" aria-label="Breadcrumb">
            <Link href="/repositories">Repositories</Link> <span aria-hidden="true">/</span>{' '}
            <Link href={repositoryHref(data.repositoryName)}>{data.repositoryName}</Link> <span aria-hidden="true">/</span>
          </nav>
          <h1>
            Trajectory <code className="trajectory-id">{data.id.slice(0, 8)}</code>
          </h1>
          <p className="muted small">
            {`${data.stepCount.toLocaleString('en-US')} steps · ${data.tokenCount.toLocaleString('en-US')} tokens · ${data.plan.length.toLocaleString('en-US')} ${data.plan.length === 1 ? 'file' : 'files'} planned · synthesized ${data.createdAt.slice(0, 16).replace('T', ' ')} UTC`}
            {data.commitSha ? ` · commit ${data.commitSha.slice(0, 10)}` : ''}
          </p>
        </div>
        <ResynthesizeForReviewers repository={data.repositoryName} />
      </div>
      {review ? <ReviewPanel summary={review} /> : null}
      <TrajectoryReplay key={data.id} data={data} initialIndex={initialIndex} />
    </div>
  );
}

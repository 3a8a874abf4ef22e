import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { ReviewFocus, type FocusViewer } from '@/components/review/ReviewFocus';
import { currentUser } from '@/lib/platform/auth/guard';
import { hasRole } from '@/lib/platform/auth/roles';
import { prisma } from '@/lib/platform/db/client';
import { initialStepIndex, toReplayData, type ReplayData } from '@/components/replay/data';
import { countQueue, getQueueItem, parseQueueState, repositoriesNeedingResynthesis, reviewQueue, type QueueItem, type QueueState } from '@/lib/4-review/queue';
import { ResynthesizeButton } from '@/components/jobs/ResynthesizeButton';
import { STATE_LABELS } from '@/lib/4-review/reasons';
import { isUuid } from '@/lib/platform/http/requestValues';
import { single } from '@/lib/platform/http/requestValues';
import { getTrajectoryOutline } from '@/lib/3-search/studio/trajectoryQueries';

export const metadata: Metadata = { title: 'Review' };
export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const PAGE = 20;
const BEHIND = 10;

async function viewerOf(): Promise<FocusViewer | null> {
  const requestHeaders = await headers();
  try {
    const user = await currentUser(requestHeaders);
    return user ? { name: user.name, email: user.email, role: user.role } : null;
  } catch (err) {
    console.error('Could not read the session:', err);
    return null;
  }
}

/**
 * The review focus view: `?state=` picks the queue (pending by default), `?id=` the trajectory to
 * start from (any trajectory: the queue continues from its place). The first item and its replay
 * come with the page; the client fetches the rest as the reviewer moves on.
 */
export default async function ReviewPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  let state: QueueState;
  try {
    state = parseQueueState(single(sp.state));
  } catch {
    state = 'pending';
  }
  const db = prisma();
  const id = single(sp.id);
  const [viewer, total, focused] = await Promise.all([viewerOf(), countQueue(db, state), id && isUuid(id) ? getQueueItem(db, id) : null]);

  let items: QueueItem[];
  let index = 0;
  let moreBefore = false;
  let moreAfter: boolean;
  if (focused) {
    const { supersededById: _superseded, ...item } = focused;
    const [before, after] = await Promise.all([reviewQueue(db, { state, before: item.id, limit: BEHIND }), reviewQueue(db, { state, after: item.id, limit: PAGE })]);
    items = [...before, item, ...after];
    index = before.length;
    moreBefore = before.length >= BEHIND;
    moreAfter = after.length >= PAGE;
  } else {
    items = await reviewQueue(db, { state, limit: PAGE });
    moreAfter = items.length >= PAGE;
  }

  let replay: ReplayData | null = null;
  let initialStep = 0;
  if (items[index]) {
    const outline = await getTrajectoryOutline(db, items[index].id);
    if (outline) {
      replay = toReplayData(outline);
      if (focused) initialStep = initialStepIndex(outline.steps, sp.step);
    }
  }

  return (
    <div className="page page-wide review-page">
      <div className="page-head">
        <div>
          <h1>Review{state === 'all' ? '' : `: ${STATE_LABELS[state].toLowerCase()}`}</h1>
          <p className="muted small">One trajectory at a time, newest first. Press ? for the keys.</p>
        </div>
      </div>
      {state === 'needs_resynthesis' && viewer && hasRole(viewer.role, 'reviewer') ? <QueueResynthesis repositories={await repositoriesNeedingResynthesis(db)} /> : null}
      {id && !focused ? (
        <p className="notice" role="status">
          {`No complete trajectory ${id.slice(0, 40)}: showing the ${state === 'all' ? '' : `${STATE_LABELS[state].toLowerCase()} `}queue from its newest item.`}
        </p>
      ) : null}
      <ReviewFocus
        key={`${state}:${items[index]?.id ?? ''}`}
        state={state}
        initial={{ items, index, moreBefore, moreAfter }}
        initialReplay={replay}
        initialStep={initialStep}
        total={total}
        viewer={viewer}
        canDecide={viewer !== null && hasRole(viewer.role, 'reviewer')}
      />
    </div>
  );
}

/** The "needs re-synthesis" queue's action: "e" only marks a trajectory; this queues new runs for all of them. */
function QueueResynthesis({ repositories }: { repositories: string[] }) {
  if (repositories.length === 0) return null;
  return (
    <div className="notice queue-resynthesis" data-testid="queue-resynthesis">
      <p className="small">
        {`${repositories.length === 1 ? 'One repository is' : `${repositories.length} repositories are`} marked as needing re-synthesis (key e marks one; it queues nothing by itself): `}
        {repositories.slice(0, 8).join(', ')}
        {repositories.length > 8 ? ` and ${repositories.length - 8} more` : ''}.
      </p>
      <ResynthesizeButton repositories={repositories} label={`Re-synthesize ${repositories.length === 1 ? 'it' : `all ${repositories.length}`}…`} />
    </div>
  );
}

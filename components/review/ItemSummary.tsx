import Link from 'next/link';
import { repositoryHref } from '@/components/repositories/links';
import { formatDelta, formatNll, formatTokens } from '@/components/replay/format';
import type { QueueItem } from '@/lib/4-review/queue';
import { StateBadge } from './StateBadge';

/** One trajectory's figures in a line: what a reviewer checks before reading the replay. */
export function ItemSummary({ item }: { item: QueueItem }) {
  const searched = item.nllBefore !== null && item.nllAfter !== null;
  return (
    <dl className="review-summary" data-testid="review-summary">
      <div>
        <dt>Repository</dt>
        <dd>
          <Link href={repositoryHref(item.repositoryName)}>{item.repositoryName}</Link>{' '}
          <Link className="muted small" href={`/trajectories/${item.id}`} title="Open in the replay page">
            <code>{item.id.slice(0, 8)}</code>
          </Link>
        </dd>
      </div>
      <div>
        <dt>Files</dt>
        <dd>{item.files.toLocaleString('en-US')}</dd>
      </div>
      <div>
        <dt>Steps</dt>
        <dd>{item.stepCount.toLocaleString('en-US')}</dd>
      </div>
      <div>
        <dt>Tokens</dt>
        <dd title={`${item.tokenCount.toLocaleString('en-US')} tokens`}>{formatTokens(item.tokenCount)}</dd>
      </div>
      <div>
        <dt>NLL before → after</dt>
        <dd title="Mean NLL of the real code over the searched Thinks, latest search">
          {searched ? (
            <>
              {formatNll(item.nllBefore)} → {formatNll(item.nllAfter)}{' '}
              <span className={item.nllAfter! < item.nllBefore! ? 'delta-lower' : 'muted'}>{formatDelta(item.nllBefore!, item.nllAfter!)}</span>
            </>
          ) : (
            <span className="muted" title="No search yet, or the latest one scored no Think">not scored</span>
          )}
        </dd>
      </div>
      <div>
        <dt>Provider</dt>
        <dd>
          <code>{item.provider}</code> · <code>{item.model}</code>{' '}
          {item.offline ? (
            <span className="offline-tag" title="Produced without a language model: Retrace's deterministic offline provider">
              offline
            </span>
          ) : null}
        </dd>
      </div>
      <div>
        <dt>State</dt>
        <dd>
          <StateBadge state={item.reviewState} /> <span className="muted small">{`v${item.reviewVersion}`}</span>
        </dd>
      </div>
      <div>
        <dt>Synthesized</dt>
        <dd>{`${item.createdAt.slice(0, 16).replace('T', ' ')} UTC`}</dd>
      </div>
    </dl>
  );
}

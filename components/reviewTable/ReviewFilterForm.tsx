import Link from 'next/link';
import { REVIEW_STATES, type ReviewFilter, type ReviewSort } from '@/lib/4-review/studio/filter';
import { reviewTableHref, STATE_LABELS } from './links';

/** A plain GET form: works without JavaScript, and the URL keeps the filter. */
export function ReviewFilterForm({ filter, sort, raw }: { filter: ReviewFilter; sort: ReviewSort; raw?: Record<string, string> }) {
  // After a refused value, the form shows what was typed so it can be corrected.
  const value = (key: keyof ReviewFilter) => raw?.[key] ?? (filter[key] === undefined ? '' : String(filter[key]));
  return (
    <form className="rt-filter" method="get" action="/review/table" role="search" aria-label="Filter trajectories">
      <label>
        Repository
        <input type="search" name="repository" defaultValue={value('repository')} placeholder="name contains" maxLength={200} autoComplete="off" />
      </label>
      <label>
        Language
        <input type="text" name="language" defaultValue={value('language')} placeholder="any" list="rt-languages" maxLength={40} autoComplete="off" />
        <datalist id="rt-languages">
          {['typescript', 'javascript', 'python', 'go', 'rust', 'java'].map((l) => (
            <option key={l} value={l} />
          ))}
        </datalist>
      </label>
      <label>
        State
        <select name="state" defaultValue={value('state')}>
          <option value="">any</option>
          {REVIEW_STATES.map((s) => (
            <option key={s} value={s}>
              {STATE_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Reviewer
        <input type="text" name="reviewer" defaultValue={value('reviewer')} placeholder="user id or e-mail" maxLength={200} autoComplete="off" />
      </label>
      <label>
        Provider
        <input type="text" name="provider" defaultValue={value('provider')} placeholder="any" list="rt-providers" maxLength={200} autoComplete="off" />
        <datalist id="rt-providers">
          <option value="offline" />
          <option value="openai" />
        </datalist>
      </label>
      <fieldset className="rt-range">
        <legend title="nllAfter − nllBefore; negative: search made the real code more likely">NLL delta</legend>
        <input type="number" name="deltaMin" step="any" defaultValue={value('deltaMin')} placeholder="min" aria-label="Smallest NLL delta" />
        <span aria-hidden="true">–</span>
        <input type="number" name="deltaMax" step="any" defaultValue={value('deltaMax')} placeholder="max" aria-label="Largest NLL delta" />
      </fieldset>
      <fieldset className="rt-range">
        <legend>Tokens</legend>
        <input type="number" name="tokensMin" step="1" min="0" defaultValue={value('tokensMin')} placeholder="min" aria-label="Fewest tokens" />
        <span aria-hidden="true">–</span>
        <input type="number" name="tokensMax" step="1" min="0" defaultValue={value('tokensMax')} placeholder="max" aria-label="Most tokens" />
      </fieldset>
      <label className="rt-check">
        <input type="checkbox" name="superseded" value="1" defaultChecked={filter.superseded || raw?.superseded === '1'} /> Include superseded
      </label>
      <input type="hidden" name="sort" value={sort.key} />
      <input type="hidden" name="dir" value={sort.dir} />
      <div className="rt-filter-actions">
        <button type="submit" className="button primary">
          Filter
        </button>
        <Link href={reviewTableHref({}, sort)} className="filter-clear">
          Clear
        </Link>
      </div>
    </form>
  );
}

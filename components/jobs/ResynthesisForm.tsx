'use client';
import Link from 'next/link';
import { useState } from 'react';
import { repositoryHref } from '@/components/repositories/links';
import { studioRequest } from '@/lib/platform/http/studioRequest';
import { ErrorText } from '../feedback/ErrorText';

type Result = { repository: string; runId: string; status: 'queued' } | { repository: string; error: string };

/**
 * The re-synthesis settings (provider and model, CoT search with its scorer, rounds and
 * candidates) for the given repositories; posts them and shows what happened per repository.
 * Old runs and trajectories are kept: each repository gets a new run.
 */
export function ResynthesisForm({ repositories, onDone }: { repositories: string[]; onDone?: () => void }) {
  const [provider, setProvider] = useState<'offline' | 'openai'>('offline');
  const [model, setModel] = useState('');
  const [repeatedReads, setRepeatedReads] = useState<'once' | 'reference' | 'full'>('once');
  const [search, setSearch] = useState(false);
  const [scorer, setScorer] = useState<'offline' | 'openai'>('offline');
  const [scorerModel, setScorerModel] = useState('');
  const [rounds, setRounds] = useState('3');
  const [candidates, setCandidates] = useState('2');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<Result[] | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setResults(null);
    if (repositories.length === 0) return setError('Select at least one repository.');
    setBusy(true);
    try {
      const config = {
        provider,
        ...(provider === 'openai' ? { model: model.trim() } : {}),
        repeatedReads,
        search,
        ...(search ? { scorer, ...(scorer === 'openai' ? { scorerModel: scorerModel.trim() } : {}), rounds, candidates } : {}),
      };
      setResults((await studioRequest<{ results: Result[] }>('/api/synthesis', { json: { repositories, config } })).results);
      onDone?.();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const queued = results?.filter((r) => 'runId' in r).length ?? 0;
  return (
    <form className="resynthesis-form" data-testid="resynthesis-form" onSubmit={submit} aria-label="Re-synthesize">
      <p className="small">
        {repositories.length === 1 ? (
          <>
            Re-synthesize <strong>{repositories[0]}</strong>
          </>
        ) : (
          `Re-synthesize ${repositories.length} repositories`
        )}{' '}
        <span className="muted">— a new run each; earlier trajectories stay.</span>
      </p>
      <div className="resynthesis-fields">
        <label>
          Provider
          <select name="provider" value={provider} onChange={(e) => setProvider(e.target.value as 'offline' | 'openai')}>
            <option value="offline">offline (built-in, no network)</option>
            <option value="openai">openai-compatible server</option>
          </select>
        </label>
        {provider === 'openai' ? (
          <label>
            Model
            <input name="model" type="text" value={model} onChange={(e) => setModel(e.target.value)} placeholder="e.g. Qwen/Qwen2.5-Coder-7B-Instruct" spellCheck={false} />
          </label>
        ) : null}
        <label title="What a Read of a file already in the trajectory shows (every file read was written earlier in it)">
          Repeated reads
          <select name="repeatedReads" value={repeatedReads} onChange={(e) => setRepeatedReads(e.target.value as 'once' | 'reference' | 'full')}>
            <option value="once">once: in full the first time, then a reference (default)</option>
            <option value="reference">reference: the declarations used, every time</option>
            <option value="full">full: the whole file every time</option>
          </select>
        </label>
        <label className="resynthesis-check">
          <input name="search" type="checkbox" checked={search} onChange={(e) => setSearch(e.target.checked)} /> CoT search afterwards
        </label>
        {search ? (
          <>
            <label>
              Scorer
              <select name="scorer" value={scorer} onChange={(e) => setScorer(e.target.value as 'offline' | 'openai')}>
                <option value="offline">offline n-gram</option>
                <option value="openai">openai-compatible server</option>
              </select>
            </label>
            {scorer === 'openai' ? (
              <label>
                Scorer model
                <input name="scorerModel" type="text" value={scorerModel} onChange={(e) => setScorerModel(e.target.value)} placeholder="e.g. a base model" spellCheck={false} />
              </label>
            ) : null}
            <label>
              Rounds
              <input name="rounds" type="number" min={1} max={20} step={1} value={rounds} onChange={(e) => setRounds(e.target.value)} />
            </label>
            <label>
              Candidates
              <input name="candidates" type="number" min={1} max={16} step={1} value={candidates} onChange={(e) => setCandidates(e.target.value)} />
            </label>
          </>
        ) : null}
      </div>
      <div className="resynthesis-submit-row">
        <button type="submit" className="button primary" data-testid="resynthesis-submit" disabled={busy || repositories.length === 0}>
          {busy ? 'Queueing…' : 'Queue re-synthesis'}
        </button>
        <Link href="/jobs">Open the jobs page</Link>
      </div>
      <ErrorText error={error} />
      {results ? (
        <div className="resynthesis-results" data-testid="resynthesis-results">
          <p className="small">
            {`${queued} of ${results.length} queued. `}
            <Link href="/jobs?kind=synthesis">Follow them on the jobs page</Link>
          </p>
          <ul>
            {results.map((r) => (
              <li key={r.repository} data-repository={r.repository} data-result={'runId' in r ? 'queued' : 'refused'}>
                <Link href={repositoryHref(r.repository)}>{r.repository}</Link>
                {': '}
                {'runId' in r ? (
                  <span>
                    queued as run <code>{r.runId.slice(0, 8)}</code>
                  </span>
                ) : (
                  <span className="error-text">{r.error}</span>
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </form>
  );
}

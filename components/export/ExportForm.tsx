'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { studioRequest } from '@/lib/platform/http/studioRequest';
import { ExportPreview } from './ExportPreview';
import type { ExportRunJson } from './types';
import { ErrorText } from '../feedback/ErrorText';

const STATUSES = ['approved', 'pending', 'rejected', 'needs_resynthesis', 'all'] as const;
const TOKENIZERS = ['llama3', 'o200k', 'cl100k'] as const;
const PATH = 'path';

const postExport = (options: Record<string, unknown>) => studioRequest<ExportRunJson>('/api/exports', { json: options });

/** The export options of `retrace export` (without --out: the studio keeps the files), for reviewers and admins. */
export function ExportForm({ repositories }: { repositories: string[] }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<string>('approved');
  const [repository, setRepository] = useState('');
  const [includeSuperseded, setIncludeSuperseded] = useState(false);
  const [format, setFormat] = useState<'jsonl' | 'parquet'>('jsonl');
  const [tokenizer, setTokenizer] = useState<string>('llama3');
  const [tokenizerPath, setTokenizerPath] = useState('');
  const [context, setContext] = useState('65536');
  const [pad, setPad] = useState(false);
  const [withText, setWithText] = useState(false);
  const [atif, setAtif] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      if (tokenizer === PATH && !tokenizerPath.trim()) throw new Error('Give the absolute path of a tokenizer.json on the studio’s machine, or choose a named tokenizer.');
      const run = await postExport({
        status,
        repository: repository.trim() || undefined,
        includeSuperseded,
        format,
        tokenizer: tokenizer === PATH ? tokenizerPath.trim() : tokenizer,
        context: context.trim() === '' ? undefined : context.trim(),
        pad,
        withText,
        atif,
      });
      queryClient.setQueryData<ExportRunJson[]>(['exports'], (list) => [run, ...(list ?? []).filter((r) => r.id !== run.id)]);
      void queryClient.invalidateQueries({ queryKey: ['exports'] });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="export-form" data-testid="export-form" onSubmit={submit} aria-label="Start an export">
      <div className="export-fields">
        <label className="export-field">
          Status
          <select name="status" value={status} onChange={(e) => setStatus(e.target.value)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s === 'needs_resynthesis' ? 'needs re-synthesis' : s}
              </option>
            ))}
          </select>
        </label>
        <label className="export-field">
          <span>
            Repository <span className="muted">(blank: all)</span>
          </span>
          <input name="repository" type="text" list="export-repositories" value={repository} onChange={(e) => setRepository(e.target.value)} placeholder="every repository" spellCheck={false} />
          <datalist id="export-repositories">
            {repositories.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </label>
        <label className="export-field">
          Format
          <select name="format" value={format} onChange={(e) => setFormat(e.target.value as 'jsonl' | 'parquet')}>
            <option value="jsonl">JSONL</option>
            <option value="parquet">Parquet</option>
          </select>
        </label>
        <label className="export-field">
          Tokenizer
          <select name="tokenizer" value={tokenizer} onChange={(e) => setTokenizer(e.target.value)}>
            {TOKENIZERS.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
            <option value={PATH}>tokenizer.json on the studio’s machine…</option>
          </select>
        </label>
        {tokenizer === PATH ? (
          <label className="export-field export-field-wide">
            tokenizer.json (absolute path on the studio’s machine)
            <input name="tokenizerPath" type="text" value={tokenizerPath} onChange={(e) => setTokenizerPath(e.target.value)} placeholder="/models/my-model/tokenizer.json" spellCheck={false} />
          </label>
        ) : null}
        <label className="export-field">
          Context (tokens per sequence)
          <input name="context" type="number" min={1} step={1} value={context} onChange={(e) => setContext(e.target.value)} />
        </label>
      </div>
      <fieldset className="export-flags">
        <legend className="visually-hidden">Options</legend>
        <label>
          <input type="checkbox" name="includeSuperseded" checked={includeSuperseded} onChange={(e) => setIncludeSuperseded(e.target.checked)} /> Include superseded
        </label>
        <label>
          <input type="checkbox" name="pad" checked={pad} onChange={(e) => setPad(e.target.checked)} /> Pad each trajectory to the context
        </label>
        <label>
          <input type="checkbox" name="withText" checked={withText} onChange={(e) => setWithText(e.target.checked)} /> With text and mask spans
        </label>
        <label>
          <input type="checkbox" name="atif" checked={atif} onChange={(e) => setAtif(e.target.checked)} /> ATIF file per trajectory
        </label>
      </fieldset>
      <ExportPreview status={status} repository={repository} includeSuperseded={includeSuperseded} />
      <button type="submit" className="button primary" data-testid="export-submit" disabled={busy}>
        {busy ? 'Starting…' : 'Start the export'}
      </button>
      <ErrorText error={error} />
    </form>
  );
}

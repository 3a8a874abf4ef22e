'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatBytes, formatCount } from '@/lib/platform/format';
import { studioRequest } from '@/lib/platform/http/studioRequest';
import type { ExportRunJson } from './types';
import { ErrorText } from '../feedback/ErrorText';

const deleteFiles = (id: string) => studioRequest(`/api/exports/${encodeURIComponent(id)}/files`, { method: 'DELETE' });

/** "Delete files…", then a confirmation naming what goes; the export stays listed. */
export function DeleteExportFiles({ run }: { run: ExportRunJson }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const bytes = run.files.reduce((n, f) => n + f.bytes, 0);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await deleteFiles(run.id);
      setConfirming(false);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
      await queryClient.invalidateQueries({ queryKey: ['exports'] });
    }
  };
  return (
    <div className="export-delete">
      {confirming ? (
        <span role="group" aria-label="Confirm deletion">
          {`Delete ${formatCount(run.files.length)} ${run.files.length === 1 ? 'file' : 'files'} (${formatBytes(bytes)}) from the studio's disk? The export stays listed. `}
          <button type="button" className="danger" onClick={remove} disabled={busy}>
            {busy ? 'Deleting…' : 'Delete'}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)} disabled={busy}>
            Keep
          </button>
        </span>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          Delete files…
        </button>
      )}
      <ErrorText error={error} />
    </div>
  );
}

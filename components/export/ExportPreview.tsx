'use client';
import { useQuery } from '@tanstack/react-query';
import { studioRequest } from '@/lib/platform/http/studioRequest';

interface Preview {
  trajectories: number;
  tokens: number;
  repositories: number;
  repositoryNames: string[];
}

/** What the export as set up would include, before it starts (the same selection the export makes). */
export function ExportPreview({ status, repository, includeSuperseded }: { status: string; repository: string; includeSuperseded: boolean }) {
  const params = new URLSearchParams({ status, ...(repository.trim() ? { repository: repository.trim() } : {}), ...(includeSuperseded ? { includeSuperseded: '1' } : {}) });
  const preview = useQuery({ queryKey: ['export-preview', params.toString()], queryFn: () => studioRequest<Preview>(`/api/exports/preview?${params}`), staleTime: 5_000 });
  if (preview.error) return <p className="export-preview small error-text">{`Could not preview the selection: ${(preview.error as Error).message}`}</p>;
  if (!preview.data) return <p className="export-preview small muted">Counting what this export would include…</p>;
  const p = preview.data;
  if (p.trajectories === 0) return <p className="export-preview small" data-testid="export-preview">Nothing matches these settings: the export would be refused.</p>;
  const more = p.repositories - p.repositoryNames.length;
  return (
    <p className="export-preview small" data-testid="export-preview" data-trajectories={p.trajectories}>
      {`This export will include ${p.trajectories.toLocaleString('en-US')} ${p.trajectories === 1 ? 'trajectory' : 'trajectories'} (${p.tokens.toLocaleString('en-US')} Llama-3 tokens as synthesized, before packing) from ${p.repositories} ${p.repositories === 1 ? 'repository' : 'repositories'}: ${p.repositoryNames.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`}
    </p>
  );
}

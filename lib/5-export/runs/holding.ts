import fs from 'node:fs';
import path from 'node:path';
import type { PrismaClient } from '@prisma/client';
import type { ExportManifest } from '../card';
import { exportDir } from './files';

/** A studio export whose files on disk hold trajectories of one repository. */
export interface ExportHolding {
  id: string;
  createdAt: Date;
  /** Its trajectories in that export. */
  trajectories: number;
}

/**
 * The studio's exports whose files are still on disk and hold trajectories of `repository`,
 * oldest first, from each export's own manifest (its provenance per sample): the database keeps
 * no per-repository record of an export. Exports written with `retrace export --out` are
 * folders the studio does not know.
 */
export async function exportsHolding(prisma: PrismaClient, repository: string): Promise<ExportHolding[]> {
  const runs = await prisma.exportRun.findMany({
    where: { status: 'succeeded', filesDeletedAt: null },
    orderBy: { createdAt: 'asc' },
    select: { id: true, createdAt: true, options: true },
  });
  const holding: ExportHolding[] = [];
  for (const run of runs) {
    const only = (run.options as { repository?: string } | null)?.repository;
    if (only && only !== repository) continue;
    const samples = readSamples(run.id);
    const trajectories = samples.filter((s) => s.repository === repository).length;
    if (trajectories > 0) holding.push({ id: run.id, createdAt: run.createdAt, trajectories });
  }
  return holding;
}

function readSamples(exportRunId: string): ExportManifest['samples'] {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(exportDir(exportRunId), 'manifest.json'), 'utf8')) as Partial<ExportManifest>;
    return Array.isArray(manifest.samples) ? manifest.samples : [];
  } catch {
    return []; // no folder or manifest left: nothing of it on disk
  }
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { GraphView } from '@/components/graph/GraphView';
import { graphHref } from '@/components/graph/links';
import { repositoryHref } from '@/components/repositories/links';
import { SnapshotPicker } from '@/components/repositories/SnapshotPicker';
import { prisma } from '@/lib/platform/db/client';
import { encodeGraph } from '@/components/graph/compact';
import { getSnapshotGraph } from '@/lib/1-ingest/studio/graphQueries';
import { getRepository, pickSnapshot } from '@/lib/1-ingest/studio/queries';
import { decodeSegment, single } from '@/lib/platform/http/requestValues';

export const dynamic = 'force-dynamic';

type Params = Promise<{ name: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { name } = await params;
  return { title: `Graph · ${decodeSegment(name)}` };
}

/** A snapshot's dependency graph; the graph goes to the client with the page, compacted (no second request). */
export default async function GraphPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const name = decodeSegment((await params).name);
  const sp = await searchParams;
  const db = prisma();
  const repo = await getRepository(db, name);
  if (!repo) notFound();
  const requestedSnapshot = single(sp.snapshot) || null;
  const snapshot = pickSnapshot(repo, requestedSnapshot);
  const linkSnapshot = requestedSnapshot && snapshot ? snapshot.id : null;
  const graph = snapshot ? await getSnapshotGraph(db, snapshot.id) : null;

  return (
    <div className="page page-wide graph-page">
      <div className="page-head">
        <div>
          <nav className="breadcrumb" aria-label="Breadcrumb">
            <Link href="/repositories">Repositories</Link> <span aria-hidden="true">/</span>{' '}
            <Link href={repositoryHref(repo.name, { snapshot: linkSnapshot })}>{repo.name}</Link> <span aria-hidden="true">/</span>
          </nav>
          <h1 className="repo-title">
            <Link href={graphHref(repo.name, linkSnapshot)}>Dependency graph</Link>
          </h1>
        </div>
        {snapshot ? <SnapshotPicker repo={repo} current={snapshot} /> : null}
      </div>
      {!snapshot || !graph ? (
        <div className="message" role="alert">
          {requestedSnapshot ? (
            <>
              <h2>Snapshot not found</h2>
              <p>
                <code>{requestedSnapshot.slice(0, 100)}</code> is not a snapshot of {repo.name}. <Link href={graphHref(repo.name)}>Show the latest snapshot</Link>.
              </p>
            </>
          ) : (
            <>
              <h2>No snapshot yet</h2>
              <p>This repository has no stored snapshot, so there is no graph to show.</p>
            </>
          )}
        </div>
      ) : snapshot.status === 'failed' ? (
        <div className="message error" role="alert">
          <h2>This ingest failed</h2>
          <p>{snapshot.error ?? 'No error was recorded.'}</p>
        </div>
      ) : (
        <>
          {snapshot.status === 'ingesting' ? <div className="notice">This snapshot is still being ingested; the graph is not final.</div> : null}
          <GraphView graph={encodeGraph(graph)} repository={repo.name} snapshot={linkSnapshot} />
        </>
      )}
    </div>
  );
}

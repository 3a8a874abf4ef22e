import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { buildTree } from '@/components/files/buildTree';
import { FileNotFound } from '@/components/files/FileNotFound';
import { FileTree } from '@/components/files/FileTree';
import { FileView } from '@/components/files/FileView';
import { graphHref } from '@/components/graph/links';
import { ImplementationOrder } from '@/components/files/ImplementationOrder';
import { formatCount, formatDate } from '@/lib/platform/format';
import { repositoryHref } from '@/components/repositories/links';
import { DeletedNotice } from '@/components/repositories/DeletedRepositories';
import { DeleteRepository } from '@/components/repositories/DeleteRepository';
import { RepositorySummary } from '@/components/repositories/RepositorySummary';
import { SkippedList } from '@/components/repositories/SkippedList';
import { SnapshotPicker } from '@/components/repositories/SnapshotPicker';
import { TrajectoryList } from '@/components/replay/TrajectoryList';
import { StatusBadge } from '@/components/repositories/StatusBadge';
import { currentUser } from '@/lib/platform/auth/guard';
import { hasRole } from '@/lib/platform/auth/roles';
import { prisma } from '@/lib/platform/db/client';
import { latestDeletion } from '@/lib/studio/deleteRepository';
import { countImports, filePathProblem, getFile, getRepository, listFiles, listSkipped, pickSnapshot } from '@/lib/1-ingest/studio/queries';
import { listTrajectories } from '@/lib/3-search/studio/trajectoryQueries';
import { decodeSegment, single } from '@/lib/platform/http/requestValues';

export const dynamic = 'force-dynamic';

type Params = Promise<{ name: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { name } = await params;
  return { title: decodeSegment(name) };
}

export default async function RepositoryPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const name = decodeSegment((await params).name);
  const sp = await searchParams;
  const db = prisma();
  const repo = await getRepository(db, name);
  if (!repo) {
    // A deleted repository's address says what happened to it rather than "not found".
    const gone = await latestDeletion(db, name);
    if (!gone) notFound();
    return (
      <div className="page">
        <h1>{name}</h1>
        <DeletedNotice record={gone} />
      </div>
    );
  }
  // Deleting is offered to reviewers and admins (the API checks again).
  const user = await currentUser(await headers());
  const canDelete = !!user && hasRole(user.role, 'reviewer');

  const requestedSnapshot = single(sp.snapshot) || null;
  const snapshot = pickSnapshot(repo, requestedSnapshot);
  const latestStatus = repo.snapshots[0]?.status ?? 'empty';

  const head = (
    <div className="page-head">
      <div>
        <nav className="breadcrumb" aria-label="Breadcrumb">
          <Link href="/repositories">Repositories</Link> <span aria-hidden="true">/</span>
        </nav>
        <h1 className="repo-title">
          <Link href={repositoryHref(repo.name)}>{repo.name}</Link> <StatusBadge status={latestStatus} />
        </h1>
        <p className="repo-source">
          <span className="source-kind">{repo.sourceKind}</span> <span className="source-text">{repo.source}</span>
          {snapshot ? <span className="ingested"> · ingested {formatDate(snapshot.createdAt)}</span> : null}
          {snapshot ? <> · <Link href={graphHref(repo.name, requestedSnapshot ? snapshot.id : null)}>Graph</Link></> : null}
        </p>
      </div>
      {snapshot ? <SnapshotPicker repo={repo} current={snapshot} /> : null}
      {canDelete ? <DeleteRepository name={repo.name} /> : null}
    </div>
  );

  if (!snapshot) {
    return (
      <div className="page">
        {head}
        <div className="message" role="alert">
          {requestedSnapshot ? (
            <>
              <h2>Snapshot not found</h2>
              <p>
                <code>{requestedSnapshot.slice(0, 100)}</code> is not a snapshot of {repo.name}.{' '}
                <Link href={repositoryHref(repo.name)}>Show the latest snapshot</Link>.
              </p>
            </>
          ) : (
            <>
              <h2>No snapshot yet</h2>
              <p>This repository has no stored snapshot. Ingest it again with:</p>
              <pre className="command">npm run --silent retrace -- ingest PATH_OR_URL --name {repo.name}</pre>
            </>
          )}
        </div>
      </div>
    );
  }

  // Links keep the snapshot in the URL only when one was asked for explicitly.
  const linkSnapshot = requestedSnapshot ? snapshot.id : null;
  const fileParam = sp.file;
  const wantsFile = fileParam !== undefined && fileParam !== '';
  const pathProblem = wantsFile ? filePathProblem(fileParam) : null;
  const [files, skipped, imports, file, trajectories] = await Promise.all([
    listFiles(db, snapshot.id),
    listSkipped(db, snapshot.id),
    countImports(db, snapshot.id),
    wantsFile && pathProblem === null ? getFile(db, snapshot.id, fileParam) : Promise.resolve(null),
    wantsFile ? Promise.resolve(null) : listTrajectories(db, repo.name),
  ]);
  const selectedPath = file?.path ?? null;
  const latestReady = repo.snapshots.find((s) => s.status === 'ready');
  const overviewHref = repositoryHref(repo.name, { snapshot: linkSnapshot });

  return (
    <div className="page page-wide">
      {head}
      {snapshot.status === 'failed' ? (
        <div className="message error" role="alert">
          <h2>This ingest failed</h2>
          <p>{snapshot.error ?? 'No error was recorded.'}</p>
        </div>
      ) : null}
      {snapshot.status === 'ingesting' ? (
        <div className="notice">This snapshot is still being ingested; its figures are not final.</div>
      ) : null}
      {latestReady && snapshot.id !== latestReady.id && snapshot.status === 'ready' ? (
        <div className="notice">
          You are looking at an older snapshot. <Link href={repositoryHref(repo.name)}>Show the latest</Link>.
        </div>
      ) : null}
      <RepositorySummary repo={repo} snapshot={snapshot} imports={imports} linkSnapshot={linkSnapshot} />
      <div className="workspace">
        <aside className="tree-pane" aria-label="File tree">
          <div className="pane-title">
            <Link href={overviewHref}>Files</Link> <span className="count">{formatCount(files.length)}</span>
          </div>
          <FileTree root={buildTree(files)} repository={repo.name} snapshot={linkSnapshot} selected={selectedPath} />
        </aside>
        <section className="detail-pane">
          {wantsFile && !file ? (
            <FileNotFound path={String(single(fileParam) ?? '')} problem={pathProblem} backHref={overviewHref} />
          ) : file ? (
            <FileView file={file} repository={repo.name} snapshot={linkSnapshot} />
          ) : (
            <>
              <p className="hint">Choose a file in the tree to see its outline, imports and content.</p>
              {trajectories ? <TrajectoryList rows={trajectories} repository={repo.name} /> : null}
              <ImplementationOrder files={files} repository={repo.name} snapshot={linkSnapshot} />
              <SkippedList skipped={skipped} />
            </>
          )}
        </section>
      </div>
    </div>
  );
}

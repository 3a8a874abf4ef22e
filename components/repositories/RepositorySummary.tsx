import type { ImportCounts, RepositoryDetail, SnapshotSummary } from '@/lib/1-ingest/studio/queries';
import { LanguageList } from '../files/LanguageBadge';
import { formatBytes, formatCount, plural } from '@/lib/platform/format';
import { repositoryHref } from './links';

function Stat({ label, children, id }: { label: string; children: React.ReactNode; id?: string }) {
  return (
    <div className="stat" data-stat={id}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The figures of one snapshot of a repository. */
export function RepositorySummary({ repo, snapshot, imports, linkSnapshot }: { repo: RepositoryDetail; snapshot: SnapshotSummary; imports: ImportCounts; linkSnapshot: string | null }) {
  return (
    <dl className="stats">
      <Stat label="Commit" id="commit">
        {snapshot.commitSha ? <code title={snapshot.commitSha}>{snapshot.commitSha.slice(0, 12)}</code> : <span className="muted" title="A folder outside git, or an archive">none</span>}
      </Stat>
      <Stat label="Languages" id="languages">
        <LanguageList languages={snapshot.languages} />
      </Stat>
      <Stat label="Files" id="files">
        {formatCount(snapshot.fileCount)} <span className="muted">({formatCount(snapshot.sourceFileCount)} source)</span>
      </Stat>
      <Stat label="Lines" id="lines">
        {formatCount(snapshot.lineCount)} <span className="muted">({formatBytes(snapshot.byteCount)})</span>
      </Stat>
      <Stat label="Import edges" id="edges">
        {formatCount(snapshot.edgeCount)}
      </Stat>
      <Stat label="Cycles" id="cycles">
        {snapshot.cycleCount > 0 ? <span className="warn-text">{formatCount(snapshot.cycleCount)}</span> : '0'}
      </Stat>
      <Stat label="External" id="external">
        {formatCount(imports.external)}
      </Stat>
      <Stat label="Unresolved" id="unresolved">
        {imports.unresolved > 0 ? <span className="warn-text">{formatCount(imports.unresolved)}</span> : '0'}
      </Stat>
      <Stat label="Skipped" id="skipped">
        {snapshot.skippedCount > 0 ? <a href={`${repositoryHref(repo.name, { snapshot: linkSnapshot })}#skipped`}>{plural(snapshot.skippedCount, 'path')}</a> : '0'}
      </Stat>
    </dl>
  );
}

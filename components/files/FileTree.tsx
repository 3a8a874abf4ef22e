import Link from 'next/link';
import { repositoryHref } from '../repositories/links';
import { formatCount } from '@/lib/platform/format';
import type { TreeFile, TreeFolder } from './buildTree';
import { LanguageBadge } from './LanguageBadge';

/** Below this many files every folder starts open; above, only the selected file's folders. */
const OPEN_ALL_BELOW = 200;

interface TreeContext {
  repository: string;
  snapshot: string | null;
  selected: string | null;
  openAll: boolean;
}

/** The snapshot's files as collapsible folders (`<details>`): works without JavaScript. */
export function FileTree({ root, repository, snapshot, selected }: { root: TreeFolder; repository: string; snapshot: string | null; selected: string | null }) {
  const ctx: TreeContext = { repository, snapshot, selected, openAll: root.fileCount < OPEN_ALL_BELOW };
  if (root.fileCount === 0) return <p className="muted tree-empty">This snapshot has no files.</p>;
  return (
    <nav className="tree" aria-label="Files">
      <FolderChildren folder={root} ctx={ctx} />
    </nav>
  );
}

function FolderChildren({ folder, ctx }: { folder: TreeFolder; ctx: TreeContext }) {
  return (
    <ul>
      {folder.folders.map((f) => (
        <li key={`d:${f.path}`}>
          <Folder folder={f} ctx={ctx} />
        </li>
      ))}
      {folder.files.map((f) => (
        <li key={`f:${f.path}`}>
          <FileEntry file={f} ctx={ctx} />
        </li>
      ))}
    </ul>
  );
}

function Folder({ folder, ctx }: { folder: TreeFolder; ctx: TreeContext }) {
  const open = ctx.openAll || (ctx.selected !== null && ctx.selected.startsWith(`${folder.path}/`));
  return (
    <details open={open} data-folder={folder.path}>
      <summary>
        <span className="folder-name" title={folder.path}>
          {folder.name}
        </span>
        {folder.hasCycle ? (
          <span className="cycle-dot" title="Contains files in a dependency cycle (files that import or, in Go/Java, use each other)" aria-label="contains a cycle">
            ●
          </span>
        ) : null}
        <span className="tree-count">{formatCount(folder.fileCount)}</span>
      </summary>
      <FolderChildren folder={folder} ctx={ctx} />
    </details>
  );
}

function FileEntry({ file, ctx }: { file: TreeFile; ctx: TreeContext }) {
  const selected = file.path === ctx.selected;
  return (
    <Link
      href={repositoryHref(ctx.repository, { snapshot: ctx.snapshot, file: file.path })}
      prefetch={false}
      className={`tree-file${selected ? ' selected' : ''}${file.language ? '' : ' plain'}`}
      aria-current={selected ? 'page' : undefined}
      title={file.path}
      data-file={file.path}
    >
      <span className="file-name">{file.name}</span>
      {file.inCycle ? (
        <span className="cycle-mark" title="In a dependency cycle (files that import or, in Go/Java, use each other)">
          cycle
        </span>
      ) : null}
      {file.syntaxErrors > 0 ? (
        <span className="error-mark" title={`${file.syntaxErrors} syntax error(s) recovered while parsing`}>
          !
        </span>
      ) : null}
      <LanguageBadge language={file.language} />
      <span className="tree-count">{formatCount(file.lines)}</span>
    </Link>
  );
}

import Link from 'next/link';

/** The requested file is not in this snapshot, or its path is not acceptable. */
export function FileNotFound({ path, problem, backHref }: { path: string; problem: string | null; backHref: string }) {
  const shown = path.length > 300 ? `${path.slice(0, 300)}…` : path;
  return (
    <div className="message not-found" role="alert">
      <h2>File not found</h2>
      <p>
        {problem ? (
          <>
            <code>{shown}</code> cannot be shown. {problem}
          </>
        ) : (
          <>
            There is no file <code>{shown}</code> in this snapshot.
          </>
        )}
      </p>
      <p>
        Choose a file from the tree, or <Link href={backHref}>go back to the repository overview</Link>.
      </p>
    </div>
  );
}

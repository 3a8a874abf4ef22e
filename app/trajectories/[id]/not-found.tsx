import Link from 'next/link';

/** A trajectory id that names nothing: an old link, a deleted repository, or a synthesis not finished yet. */
export default function TrajectoryNotFound() {
  return (
    <div className="message not-found page-message" role="alert">
      <h1>No such trajectory</h1>
      <p>There is no complete trajectory with this id: it may have been deleted with its repository, its synthesis may not have finished, or the link is mistyped.</p>
      <p>
        <Link href="/jobs">See the jobs</Link> · <Link href="/repositories">See all repositories</Link>
      </p>
    </div>
  );
}

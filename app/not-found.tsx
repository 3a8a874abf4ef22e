import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="message not-found page-message" role="alert">
      <h1>Not found</h1>
      <p>There is nothing at this address: the repository may have a different name, or it has not been ingested yet.</p>
      <p>
        <Link href="/repositories">See all repositories</Link>
      </p>
    </div>
  );
}

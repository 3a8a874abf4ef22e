/**
 * An error said where it happened (under a form, above a list), or nothing when there is none.
 * Rendered as text: messages may quote repository names and server answers.
 */
export function ErrorText({ error, testId }: { error: string | null | undefined; testId?: string }) {
  if (!error) return null;
  return (
    <p className="error-text" role="alert" data-testid={testId}>
      {error}
    </p>
  );
}

/**
 * Where to go after signing in: `next` when it is a path of this studio, else `/`. Anything
 * that could leave the site (`//host`, `/\\host`, `https://…`, control characters) is refused,
 * so a crafted sign-in link cannot send people elsewhere.
 */
export function safeNextPath(next: string | string[] | null | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value) || value.length > 2000) return '/';
  const base = 'http://retrace.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return '/';
  }
  if (url.origin !== base) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  return url.pathname === '/sign-in' ? '/' : path;
}

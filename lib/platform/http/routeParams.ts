/** One value of a search parameter (the first when it was given several times). */
export const single = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** Next hands dynamic segments over still percent-encoded (vercel/next.js#48058); links encode names with encodeURIComponent. */
export function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

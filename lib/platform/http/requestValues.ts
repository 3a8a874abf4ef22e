/** Values that come from requests (search parameters, path segments, ids), checked before use. */
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a request's id can be a row id (every table's ids are UUIDs): anything else is refused before it reaches SQL. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

import { toNextJsHandler } from 'better-auth/next-js';
import { auth } from '@/lib/platform/auth/auth';

export const dynamic = 'force-dynamic';

/**
 * better-auth's endpoints: sign-in (rate limited), sign-out, session. Its origin check (CSRF)
 * trusts BETTER_AUTH_URL, which the studio launcher sets to the studio's own address.
 * auth() is called per request, not at import, so building the app needs no database.
 */
export const { GET, POST } = toNextJsHandler((request: Request) => auth().handler(request));

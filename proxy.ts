import { NextResponse, type NextRequest } from 'next/server';

/**
 * RETRACE_REQUIRE_SIGN_IN=1: every page and API needs a valid session, except signing in
 * itself. Off by default: anyone who can reach the studio may browse, and changes are checked
 * by each route handler (requireRole). Runs on Node (Next 16's proxy), so it validates the
 * session with better-auth against the database rather than trusting a cookie's presence.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  if (process.env.RETRACE_REQUIRE_SIGN_IN !== '1') return NextResponse.next();
  const { pathname, search } = request.nextUrl;
  if (pathname === '/sign-in' || pathname.startsWith('/api/auth/')) return NextResponse.next();
  const { currentUser } = await import('@/lib/platform/auth/guard'); // loaded only when sign-in is required
  if (await currentUser(request.headers)) return NextResponse.next();
  if (pathname.startsWith('/api/')) {
    return NextResponse.json({ error: 'Sign in first: this studio requires a signed-in user for everything (RETRACE_REQUIRE_SIGN_IN=1).' }, { status: 401 });
  }
  const signIn = new URL('/sign-in', request.url);
  signIn.searchParams.set('next', `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Not Next's own assets or the icon: the sign-in page needs them too.
  matcher: ['/((?!_next/static|_next/image|icon.svg|favicon.ico).*)'],
};

import { requireRole } from '@/lib/platform/auth/guard';
import { resetPassword } from '@/lib/platform/auth/peopleAdmin';
import { answerRequest } from '@/lib/platform/http/requestError';

export const dynamic = 'force-dynamic';

/**
 * Sets a person's password (admins only): JSON `{ password }`, 10+ characters; every session of
 * theirs ends. 200 with the person; 400 with what to fix; 404 unknown; 409 removed.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return answerRequest(async () => {
    const admin = await requireRole(request.headers, 'admin');
    const { id } = await params;
    const body = (await request.json().catch(() => null)) as { password?: unknown } | null;
    if (typeof body?.password !== 'string') return Response.json({ error: 'Send JSON { "password": "the new password" }.' }, { status: 400 });
    return Response.json({ user: await resetPassword(id, body.password, admin.id) });
  });
}

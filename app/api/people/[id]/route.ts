import { requireRole } from '@/lib/auth/guard';
import { setPersonRole } from '@/lib/auth/users';
import { answerRequest } from '@/lib/http/requestError';

export const dynamic = 'force-dynamic';

/** Changes a role: JSON `{ role }` (admins only; the last admin cannot be demoted). */
export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return answerRequest(async () => {
    await requireRole(request.headers, 'admin');
    const { id } = await params;
    const body = (await request.json().catch(() => null)) as { role?: unknown } | null;
    if (typeof body?.role !== 'string') return Response.json({ error: 'Send JSON { "role": "admin" | "reviewer" | "viewer" }.' }, { status: 400 });
    return Response.json({ user: await setPersonRole(id, body.role) });
  });
}

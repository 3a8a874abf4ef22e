import { requireRole } from '@/lib/platform/auth/guard';
import { removePerson } from '@/lib/platform/auth/peopleAdmin';
import { setPersonRole } from '@/lib/platform/auth/users';
import { answerRequest } from '@/lib/platform/http/requestError';

export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string }>;

/** Changes a role: JSON `{ role }` (admins only; the last admin cannot be demoted). */
export async function PATCH(request: Request, { params }: { params: Params }): Promise<Response> {
  return answerRequest(async () => {
    const admin = await requireRole(request.headers, 'admin');
    const { id } = await params;
    const body = (await request.json().catch(() => null)) as { role?: unknown } | null;
    if (typeof body?.role !== 'string') return Response.json({ error: 'Send JSON { "role": "admin" | "reviewer" | "viewer" }.' }, { status: 400 });
    return Response.json({ user: await setPersonRole(id, body.role, admin.id) });
  });
}

/**
 * Removes a person (admins only): their sessions end and they cannot sign in; their reviews keep
 * their name. 200 with the person; 404 unknown; 409 yourself, the last admin, or already removed.
 */
export async function DELETE(request: Request, { params }: { params: Params }): Promise<Response> {
  return answerRequest(async () => {
    const admin = await requireRole(request.headers, 'admin');
    const { id } = await params;
    return Response.json({ user: await removePerson(id, admin.id) });
  });
}

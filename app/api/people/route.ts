import { requireRole } from '@/lib/platform/auth/guard';
import { addPerson, listPeople } from '@/lib/platform/auth/users';
import { answerRequest } from '@/lib/platform/http/requestError';

export const dynamic = 'force-dynamic';

/** Everyone with their role (admins only). */
export async function GET(request: Request): Promise<Response> {
  return answerRequest(async () => {
    await requireRole(request.headers, 'admin');
    return Response.json({ users: await listPeople() });
  });
}

/** Adds a person: JSON `{ email, name, role, password }`. 201 with the person; 400 with what to fix. */
export async function POST(request: Request): Promise<Response> {
  return answerRequest(async () => {
    const admin = await requireRole(request.headers, 'admin');
    const body = (await request.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body) return Response.json({ error: 'Send JSON { "email", "name", "role", "password" }.' }, { status: 400 });
    const field = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
    const person = await addPerson({ email: field('email'), name: field('name'), role: field('role'), password: field('password') }, admin.id);
    return Response.json({ user: person }, { status: 201 });
  });
}

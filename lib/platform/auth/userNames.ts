import type { Prisma } from '@prisma/client';

/**
 * The names of the given user ids (nulls and repeats ignored), in one query: for records that
 * keep a user id without a relation to User ("requested by", "deleted by", "changed by").
 */
export async function userNames(db: Prisma.TransactionClient, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

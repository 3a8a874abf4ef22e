import type { Prisma } from '@prisma/client';

/**
 * Locks the repository row against a concurrent deletion until the caller's transaction ends
 * (FOR SHARE: many requests may hold it at once; the deletion's FOR UPDATE waits for them, and
 * they wait for it). False when the repository is gone.
 */
export async function lockRepositoryForShare(tx: Prisma.TransactionClient, repositoryId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM "Repository" WHERE id = ${repositoryId}::uuid FOR SHARE`;
  return rows.length > 0;
}

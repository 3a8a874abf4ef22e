import type { PersonChangeKind, Prisma } from '@prisma/client';
import { prisma } from '../db/client';
import { userNames } from './userNames';

/** One entry of the account log /people shows: what was done to whom, by whom, when. */
export interface PersonChangeView {
  id: string;
  kind: PersonChangeKind;
  detail: string | null;
  person: { id: string; name: string; email: string };
  /** Who did it; null for the command line. */
  changedBy: string | null;
  createdAt: Date;
}

/** Records an account change in the same transaction as the change itself (append-only: a trigger refuses edits). */
export async function recordPersonChange(tx: Prisma.TransactionClient, change: { personId: string; kind: PersonChangeKind; detail?: string | null; changedById: string | null }): Promise<void> {
  await tx.personChange.create({ data: { personId: change.personId, kind: change.kind, detail: change.detail ?? null, changedById: change.changedById } });
}

/** The latest account changes, newest first. */
export async function listPersonChanges(limit = 50): Promise<PersonChangeView[]> {
  const rows = await prisma().personChange.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: Math.min(Math.max(1, limit), 500),
    include: { person: { select: { id: true, name: true, email: true } } },
  });
  const names = await userNames(prisma(), rows.map((r) => r.changedById));
  return rows.map((r) => ({ id: r.id, kind: r.kind, detail: r.detail, person: r.person, changedBy: r.changedById ? (names.get(r.changedById) ?? r.changedById) : null, createdAt: r.createdAt }));
}

import type { EdgeKind } from './types';

/** Edge kinds as the database's `EdgeKind` enum spells them (Prisma enum values cannot hold `-`). */
export const DB_EDGE_KIND = { import: 'import', 'type-only': 'type_only', 'same-package': 'same_package' } as const satisfies Record<EdgeKind, string>;
export type DbEdgeKind = (typeof DB_EDGE_KIND)[EdgeKind];

const FROM_DB = Object.fromEntries(Object.entries(DB_EDGE_KIND).map(([kind, db]) => [db, kind])) as Record<DbEdgeKind, EdgeKind>;

export function edgeKindFromDb(kind: DbEdgeKind): EdgeKind {
  return FROM_DB[kind];
}

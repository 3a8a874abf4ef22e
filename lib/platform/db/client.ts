import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';

/** A Prisma client over the `pg` driver adapter (no query-engine binary needed). */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}

const globalForPrisma = globalThis as unknown as { retracePrisma?: PrismaClient };

/** The web app's shared client; the studio launcher puts the database URL in DATABASE_URL. */
export function prisma(): PrismaClient {
  if (!globalForPrisma.retracePrisma) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set: start the web app with `npm run studio`, which sets it.');
    globalForPrisma.retracePrisma = createPrismaClient(url);
  }
  return globalForPrisma.retracePrisma;
}

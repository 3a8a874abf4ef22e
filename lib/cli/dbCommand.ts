import { openDatabase } from '../platform/db/database';
import { createMigration } from '../platform/db/newMigration';
import { UsageError } from './args';

export async function dbCommand(args: string[]): Promise<number> {
  const [sub, name] = args;
  if (sub === 'migrate') {
    const db = await openDatabase();
    process.stdout.write(`Database is up to date (${db.description}).\n`);
    await db.close();
    return 0;
  }
  if (sub === 'new-migration' && name) {
    const dir = await createMigration(name);
    process.stdout.write(dir ? `Wrote ${dir}\n` : 'schema.prisma and the migrations agree: no migration written.\n');
    return 0;
  }
  throw new UsageError('db takes: migrate | new-migration NAME');
}

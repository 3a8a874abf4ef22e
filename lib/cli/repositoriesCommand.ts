import { createPrismaClient } from '../platform/db/client';
import { openDatabase } from '../platform/db/database';
import { deleteRepository, describeCounts, listRepositoryDeletions, previewRepositoryDeletion, RepositoryDeletionError } from '../studio/deleteRepository';
import { UsageError, type CliValues } from './args';

const USAGE = `repositories delete NAME [--yes] [--json]
repositories deletions [--json]`;

/**
 * `retrace repositories delete NAME`: shows what goes with the repository and deletes it only
 * with --yes (recorded as done from the command line); `repositories deletions` lists the
 * records deletions left. The same rules as the studio's "Delete repository…".
 */
export async function repositoriesCommand(args: string[], values: CliValues): Promise<number> {
  const [sub, name, extra] = args;
  const valid = (sub === 'delete' && name && extra === undefined) || (sub === 'deletions' && name === undefined);
  if (!valid) throw new UsageError(`Usage:\n  ${USAGE.split('\n').join('\n  ')}`);
  const db = await openDatabase();
  const prisma = createPrismaClient(db.url);
  try {
    if (sub === 'deletions') {
      const records = await listRepositoryDeletions(prisma, { limit: 200 });
      if (values.json) process.stdout.write(`${JSON.stringify({ deletions: records })}\n`);
      else if (records.length === 0) console.log('No repository has been deleted.');
      else for (const r of records) console.log(`${r.deletedAt.toISOString().slice(0, 19)}  ${r.name}  ${describeCounts(r.counts)}  by ${r.deletedBy ?? 'the command line'}`);
      return 0;
    }
    if (!values.yes) {
      const preview = await previewRepositoryDeletion(prisma, name);
      if (!preview) throw new Error(`No repository named ${JSON.stringify(name)}. See the names on the studio's /repositories page.`);
      if (values.json) process.stdout.write(`${JSON.stringify({ preview })}\n`);
      else {
        console.log(`Deleting ${name} would remove ${describeCounts(preview.counts)}.`);
        if (preview.exports.length) console.log(`Its trajectories are in ${preview.exports.length} studio export(s) (${preview.exports.map((e) => e.id).join(', ')}); their files stay on disk.`);
        if (preview.refusal) console.log(preview.refusal);
      }
      process.stderr.write(`retrace: nothing was deleted; add --yes to delete ${name}.\n`);
      return 1;
    }
    const record = await deleteRepository(prisma, name, { deletedById: null });
    if (values.json) process.stdout.write(`${JSON.stringify({ deletion: record })}\n`);
    else console.log(`Deleted ${record.name}: ${describeCounts(record.counts)}.${record.exportRunIds.length ? ` The files of the ${record.exportRunIds.length} studio export(s) holding it stay on disk.` : ''}`);
    return 0;
  } catch (err) {
    // The refusal's own words are the message; the CLI has no HTTP status to give.
    if (err instanceof RepositoryDeletionError) throw new Error(err.message);
    throw err;
  } finally {
    await prisma.$disconnect();
    await db.close();
  }
}

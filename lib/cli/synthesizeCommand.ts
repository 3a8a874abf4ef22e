import fs from 'node:fs';
import { dryRunJson } from '../2-synthesize/dryRunJson';
import { synthesize } from '../2-synthesize/synthesize';
import { createPrismaClient } from '../platform/db/client';
import { openDatabase } from '../platform/db/database';
import { ingest, structureOf } from '../1-ingest/ingest';
import { openBoss } from '../platform/jobs/queue';
import { agentModelFor, readPolicyFor } from '../2-synthesize/runs/config';
import { requestSynthesis } from '../2-synthesize/runs/requestSynthesis';
import { searchTrajectory } from '../3-search/searchTrajectory';
import { dryRunJsonWithSearch } from '../3-search/searchJson';
import { proposerFor, scorerFor } from '../3-search/runs/config';
import { resolveSynthesisConfig } from '../3-search/runs/searchConfig';
import { searchSetup } from '../3-search/runs/searchSetup';
import { numberOption, searchOptions, UsageError, type CliValues } from './args';
import { progressBar } from './progress';
import { waitForRuns } from './waitForRuns';

/**
 * `retrace synthesize REPO... [--provider offline|openai] [--model M] [--llm-base-url URL] [--wait]`
 * enqueues one job per repository (a stored repository's name, or a folder / git URL / archive,
 * ingested first). `--dry-run DIR` synthesizes in memory and prints the trajectory, no database.
 */
export async function synthesizeCommand(args: string[], values: CliValues): Promise<number> {
  if (args.length === 0) throw new UsageError('synthesize takes one or more repositories: retrace synthesize REPO... [--wait]');
  const config = resolveSynthesisConfig({
    provider: values.provider,
    model: values.model,
    baseUrl: values['llm-base-url'],
    seed: numberOption(values, 'seed', { allowZero: true }),
    repeatedReads: values['repeated-reads'] as string | undefined,
    search: values.search ? searchOptions(values) : undefined,
  });
  if (values['dry-run']) {
    if (args.length !== 1 || !fs.existsSync(args[0]) || !fs.statSync(args[0]).isDirectory()) throw new UsageError('--dry-run takes one local folder.');
    const bar = progressBar(!values.json);
    const structure = await structureOf(args[0]);
    const trajectory = await synthesize(structure, agentModelFor(config, null), { readPolicy: readPolicyFor(config), onFileDone: (d, t) => bar.update('files', d, t) });
    if (!config.search) {
      bar.done();
      process.stdout.write(`${JSON.stringify(dryRunJson(trajectory))}\n`);
      return 0;
    }
    const scorer = await scorerFor(config.search, { prisma: null, structure, repositoryId: null });
    const proposer = proposerFor(config.search, structure, null);
    const setup = await searchSetup(config.search, scorer);
    const result = await searchTrajectory(trajectory, structure, scorer, proposer, config.search.settings, { onStep: (d, t) => bar.update('search', d, t) });
    bar.done();
    if (!values.json) for (const fallback of setup.fallbacks) console.error(`note: ${fallback}`);
    process.stdout.write(`${JSON.stringify(dryRunJsonWithSearch(result, setup))}\n`);
    return 0;
  }
  const db = await openDatabase();
  const prisma = createPrismaClient(db.url);
  const boss = await openBoss(db.url);
  try {
    const runs = [];
    for (const repo of args) {
      let name = repo;
      if (!(await prisma.repository.findUnique({ where: { name: repo } }))) {
        if (!looksLikeSource(repo)) throw new Error(`No repository named ${repo}, and it is not a folder, archive or git URL. See: retrace ingest --help`);
        name = (await ingest(prisma, repo)).name;
      }
      const run = await requestSynthesis(prisma, boss, name, config);
      runs.push({ repository: name, runId: run.id });
      if (!values.json) console.log(`Queued ${name}: run ${run.id} (${config.provider}, ${config.model})`);
    }
    if (!values.json && config.search) {
      console.log(`The search scores with ${config.search.scorer.provider}/${config.search.scorer.model} and proposes with ${config.search.proposer.provider}/${config.search.proposer.model}.`);
      for (const fallback of config.search.fallbacks ?? []) console.log(`note: ${fallback}`);
    }
    if (values.wait) {
      const ok = await waitForRuns(prisma, runs, { json: !!values.json });
      return ok ? 0 : 1;
    }
    if (values.json) process.stdout.write(`${JSON.stringify({ runs })}\n`);
    return 0;
  } finally {
    await boss.stop({ graceful: false, wait: true, timeout: 5000 }).catch(() => undefined);
    await prisma.$disconnect();
    await db.close();
  }
}

function looksLikeSource(value: string): boolean {
  return fs.existsSync(value) || /^(https?:\/\/|git:\/\/|ssh:\/\/|file:\/\/|[\w.-]+@[\w.-]+:)/.test(value);
}

/**
 * Seeds a synthetic trajectory of about `steps` steps, with a CoT search, for the replay page's
 * benchmark and browser checks. The repository is generated (TypeScript modules that import up
 * to three earlier ones, plus one file big enough for its Reads to be truncated), ingested and
 * synthesized offline for real, so every Read and Write is a real file of the snapshot; some
 * Writes get an LLM-style draft kept beside them, and the search is synthetic (deterministic
 * NLLs and candidates, some accepted, some rejected for leakage or for not being lower). Stored
 * through storeTrajectory and storeSearch like a real run.
 *
 *   DATABASE_URL=... npx tsx bench/seedTrajectory.ts [--steps 2000] [--name replay-2000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Prisma, PrismaClient } from '@prisma/client';
import { createOfflineModel } from '../lib/2-synthesize/offlineModel';
import { synthesize } from '../lib/2-synthesize/synthesize';
import type { SynthesizedTrajectory } from '../lib/2-synthesize/types';
import { createPrismaClient } from '../lib/platform/db/client';
import { ingest } from '../lib/1-ingest/ingest';
import type { SearchCandidate, SearchedStep, SearchResult } from '../lib/3-search/types';
import { resolveSearchConfig, searchConfigHash } from '../lib/3-search/runs/config';
import { storeSearch } from '../lib/3-search/runs/storeSearch';
import { configHash, resolveConfig } from '../lib/2-synthesize/runs/config';
import { loadStructure } from '../lib/2-synthesize/runs/loadStructure';
import { storeTrajectory } from '../lib/2-synthesize/runs/storeTrajectory';
import { seededRandom } from '../lib/platform/random/seededRandom';

export interface SeedOptions {
  /** Steps to aim for (the result is within a file's steps of it; default 2,000). */
  steps?: number;
  /** Repository name (default `replay-<steps>`). */
  name?: string;
}

export interface SeededTrajectory {
  repositoryName: string;
  snapshotId: string;
  trajectoryId: string;
  stepCount: number;
  searchedSteps: number;
}

const pad = (i: number) => String(i).padStart(4, '0');

/** The generated repository: about 10 steps per module (think, 3 × read + observation, think, write, observation). */
function generateRepository(targetSteps: number): Record<string, string> {
  const files: Record<string, string> = { 'README.md': '# Replay seed\n\nA generated library of small TypeScript modules, used to benchmark the trajectory replay.\n' };
  const rand = seededRandom(7);
  const bigLines = Array.from({ length: 1600 }, (_, i) => `export const TABLE_${pad(i)} = ${JSON.stringify(`entry ${i} of the lookup table`)};`);
  files['src/table.ts'] = `/** A large generated lookup table: Reads of it are truncated. */\n${bigLines.join('\n')}\n`;
  let steps = 3 + 4; // main agent; the table's own sub-agent
  let n = 0;
  while (steps < targetSteps) {
    const deps = new Set<string>();
    if (n % 5 === 0) deps.add('./table');
    while (n > 0 && deps.size < Math.min(3, n)) deps.add(`./m${pad(Math.floor(rand() * n))}`);
    const imports = [...deps].map((d, i) => (d === './table' ? `import { TABLE_0000 } from './table';` : `import { value${i}, Item${i} } from '${d}';`.replace(`value${i}, Item${i}`, `value${d.slice(3)} as v${i}, Item${d.slice(3)} as I${i}`)));
    const used = [...deps].map((d, i) => (d === './table' ? 'TABLE_0000.length' : `v${i}() + new I${i}(${i}).size`));
    files[`src/m${pad(n)}.ts`] = [
      ...imports,
      '',
      `/** Module ${n}: combines ${deps.size} earlier modules. */`,
      `export function value${pad(n)}(): number {`,
      `  return ${used.length ? used.join(' + ') : String(n)};`,
      '}',
      '',
      `export class Item${pad(n)} {`,
      '  constructor(readonly size: number) {}',
      '',
      '  double(): number {',
      `    return this.size * 2 + value${pad(n)}();`,
      '  }',
      '}',
      '',
    ].join('\n');
    steps += 4 + 2 * deps.size;
    n++;
  }
  return files;
}

/** Keeps a plausible LLM draft on every fourth Write: the real file with a few lines changed. */
function addDrafts(t: SynthesizedTrajectory): void {
  let writes = 0;
  for (const step of t.steps) {
    if (step.action?.type !== 'write') continue;
    if (writes++ % 4 !== 0) continue;
    const lines = step.action.content.split('\n');
    step.draft = lines.map((line, i) => (i % 7 === 3 ? line.replace('return', 'return /* draft */') : line)).filter((_, i) => i !== 5).join('\n');
  }
}

/** A synthetic search over every Think that precedes a Write. */
function syntheticSearch(t: SynthesizedTrajectory): SearchResult {
  const rand = seededRandom(11);
  const steps: SearchedStep[] = [];
  t.steps.forEach((step, i) => {
    const next = t.steps[i + 1];
    if (step.kind !== 'think' || next?.action?.type !== 'write' || !step.file) return;
    const before = 0.6 + rand() * 1.2;
    let best = before;
    let finalText = step.content;
    const candidates: SearchCandidate[] = [];
    for (let round = 0; round < 3; round++) {
      const scored = [0, 1].map((k) => {
        const text = `${step.content}\n\n(Round ${round + 1}, candidate ${k + 1}: the file mirrors the imports it reads, in the same order.)`;
        if (rand() < 0.12) return { text, nll: null as number | null, leak: true };
        return { text, nll: best * (0.9 + rand() * 0.18), leak: false };
      });
      const lowest = scored.reduce((w, c, k) => (c.nll !== null && c.nll < best && (w < 0 || c.nll < scored[w].nll!) ? k : w), -1);
      scored.forEach((c, k) => {
        if (c.leak) candidates.push({ round, text: c.text, nll: null, accepted: false, rejectedBecause: 'leakage: shares 12 or more consecutive tokens with the target' });
        else if (k === lowest) candidates.push({ round, text: c.text, nll: c.nll, accepted: true, rejectedBecause: null });
        else if (c.nll! >= best) candidates.push({ round, text: c.text, nll: c.nll, accepted: false, rejectedBecause: `not lower than the best so far (${c.nll!.toFixed(4)} ≥ ${best.toFixed(4)})` });
        else candidates.push({ round, text: c.text, nll: c.nll, accepted: false, rejectedBecause: `lower, but another candidate of this round was lower (${c.nll!.toFixed(4)} vs ${scored[lowest].nll!.toFixed(4)})` });
      });
      if (lowest >= 0) {
        best = scored[lowest].nll!;
        finalText = scored[lowest].text;
      }
    }
    steps.push({ ordinal: step.ordinal, file: step.file, nllBefore: before, nllAfter: best, finalText, candidates });
  });
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  return {
    trajectory: t,
    steps,
    unsearched: [],
    meanNllBefore: mean(steps.map((s) => s.nllBefore)),
    meanNllAfter: mean(steps.map((s) => s.nllAfter)),
    scoredTokens: steps.length * 1000,
    budgetExhausted: false,
  };
}

export async function seedTrajectory(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeededTrajectory> {
  const target = options.steps ?? 2000;
  const name = options.name ?? `replay-${target}`;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-seed-'));
  try {
    for (const [rel, content] of Object.entries(generateRepository(target))) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), content);
    }
    const ingested = await ingest(prisma, root, { name });
    const structure = await loadStructure(prisma, ingested.snapshotId);
    const trajectory = await synthesize(structure, createOfflineModel());
    addDrafts(trajectory);
    const config = resolveConfig({ provider: 'offline' }, {} as NodeJS.ProcessEnv);
    const run = await prisma.synthesisRun.create({
      data: {
        snapshotId: ingested.snapshotId,
        provider: config.provider,
        model: config.model,
        config: config as unknown as Prisma.InputJsonValue,
        // A fresh hash: seeding again adds a trajectory instead of colliding with an active run.
        configHash: `${configHash(config)}-seed-${Date.now()}`,
        filesTotal: ingested.sourceFiles,
        status: 'running',
      },
    });
    const trajectoryId = await storeTrajectory(prisma, run.id, trajectory);
    const searchConfig = resolveSearchConfig({ scorer: 'offline', proposer: 'offline' }, {} as NodeJS.ProcessEnv);
    const searchRun = await prisma.searchRun.create({
      data: {
        trajectoryId,
        config: searchConfig as unknown as Prisma.InputJsonValue,
        configHash: searchConfigHash(searchConfig),
        scorerProvider: searchConfig.scorer.provider,
        scorerModel: searchConfig.scorer.model,
        proposerProvider: searchConfig.proposer.provider,
        proposerModel: searchConfig.proposer.model,
        status: 'running',
      },
    });
    const search = syntheticSearch(trajectory);
    await storeSearch(prisma, searchRun.id, search);
    return { repositoryName: name, snapshotId: ingested.snapshotId, trajectoryId, stepCount: trajectory.steps.length, searchedSteps: search.steps.length };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function main() {
  const args = process.argv.slice(2);
  const option = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_URL to the database to seed.');
  const prisma = createPrismaClient(url);
  try {
    const steps = option('--steps') ? Number(option('--steps')) : undefined;
    const seeded = await seedTrajectory(prisma, { steps, name: option('--name') });
    console.log(JSON.stringify(seeded));
  } finally {
    await prisma.$disconnect();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

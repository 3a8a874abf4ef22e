/**
 * A synthetic repository for the graph view's benchmark: N TypeScript files (2,000 by
 * default) in ten top folders of six sub-folders (a third one level deeper), each importing
 * about five earlier files (mostly from its own folder, then nearby folders; 15% type-only),
 * with a few import cycles. It is written to a temporary
 * folder and stored through the real pipeline (structureOf → storeSnapshot), so its edges,
 * order and cycles are computed by Retrace itself. Deterministic for a given seed; stored once
 * (the same content is not stored twice).
 *
 *   DATABASE_URL=... npx tsx bench/seedGraph.ts [--files 2000] [--name graph-bench-2000] [--seed 1]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PrismaClient } from '@prisma/client';
import { structureOf } from '../lib/1-ingest/ingest';
import { storeSnapshot } from '../lib/1-ingest/storeSnapshot';
import { seededRandom } from '../lib/platform/random/seededRandom';

export interface SeedGraphOptions {
  files?: number;
  name?: string;
  seed?: number;
}

export interface SeededGraph {
  name: string;
  snapshotId: string;
  files: number;
  edges: number;
  cycles: number;
}

const TOPS = ['core', 'api', 'ui', 'data', 'auth', 'jobs', 'cli', 'util', 'search', 'billing'];
const SUBS = ['model', 'service', 'store', 'view', 'hooks', 'internal'];

function relative(from: string, to: string): string {
  const r = path.posix.relative(path.posix.dirname(from), to).replace(/\.ts$/, '');
  return r.startsWith('.') ? r : `./${r}`;
}

/** The synthetic tree as path → content. */
export function syntheticTree(count: number, seed: number): Map<string, string> {
  const random = seededRandom(seed);
  // Folders hold contiguous runs of files (a layer of the code base each), in creation order.
  const folders = TOPS.length * SUBS.length;
  const perFolder = Math.max(1, Math.ceil(count / folders));
  const folderOf = (i: number) => Math.min(folders - 1, Math.floor(i / perFolder));
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const f = folderOf(i);
    const top = TOPS[Math.floor(f / SUBS.length)];
    const sub = SUBS[f % SUBS.length];
    // A third of the files one level deeper, so folders nest.
    const deep = random() < 0.33 ? `/${sub}${1 + Math.floor(random() * 3)}` : '';
    paths.push(`${top}/${sub}${deep}/m${i}.ts`);
  }
  const tree = new Map<string, string>();
  // Imports of earlier files promised to later ones, closing a cycle.
  const backImports = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    const p = paths[i];
    const targets = new Set<number>(backImports.get(i) ?? []);
    const wanted = i === 0 ? 0 : 1 + Math.floor(random() * 9); // 1..9, about five on average
    for (let k = 0; k < wanted * 3 && targets.size < wanted && i > 0; k++) {
      // Mostly the same folder, then recent files (nearby folders), sometimes anything earlier.
      const start = folderOf(i) * perFolder;
      const r = random();
      const j = r < 0.55 && i > start ? start + Math.floor(random() * (i - start)) : r < 0.85 ? Math.max(0, i - 1 - Math.floor(random() * 150)) : Math.floor(random() * i);
      targets.add(j);
    }
    // About one file in 100 imports a later one that imports it back: a cycle.
    if (i + 10 < count && random() < 1 / 100) {
      const j = i + 1 + Math.floor(random() * 10);
      targets.add(j);
      backImports.set(j, [...(backImports.get(j) ?? []), i]);
    }
    const imports = [...targets].map((j, n) => {
      const spec = relative(p, paths[j]);
      return random() < 0.15 ? `import type { T${j} } from '${spec}';` : `import { f${j} as g${n} } from '${spec}';`;
    });
    const bodyLines = Math.floor(5 + random() ** 2 * 400);
    const body: string[] = [];
    for (let l = 0; l < bodyLines; l++) body.push(`  const v${l} = ${l} * input;`);
    tree.set(
      p,
      [
        ...imports,
        '',
        `export type T${i} = { id: number };`,
        `export function f${i}(input: number): number {`,
        ...body,
        `  return input;`,
        '}',
        `export class C${i} {}`,
        '',
      ].join('\n'),
    );
  }
  tree.set('README.md', '# graph bench\n');
  tree.set('package.json', '{ "name": "graph-bench" }\n');
  return tree;
}

/** Writes the synthetic tree to a temporary folder and stores it; returns its snapshot. */
export async function seedGraphRepository(prisma: PrismaClient, options: SeedGraphOptions = {}): Promise<SeededGraph> {
  const count = options.files ?? 2000;
  const name = options.name ?? `graph-bench-${count}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-graph-seed-'));
  try {
    for (const [p, content] of syntheticTree(count, options.seed ?? 1)) {
      fs.mkdirSync(path.join(dir, path.dirname(p)), { recursive: true });
      fs.writeFileSync(path.join(dir, p), content);
    }
    const structure = await structureOf(dir);
    const stored = await storeSnapshot(prisma, { name, source: `synthetic:${name}`, sourceKind: 'directory', commitSha: null }, structure);
    return { name, snapshotId: stored.snapshotId, files: structure.files.length, edges: structure.edges.length, cycles: structure.cycles.length };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (flag: string) => {
    const i = process.argv.indexOf(flag);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const { openDatabase } = await import('../lib/platform/db/database');
  const { createPrismaClient } = await import('../lib/platform/db/client');
  const db = await openDatabase();
  const prisma = createPrismaClient(db.url);
  try {
    const seeded = await seedGraphRepository(prisma, { files: arg('--files') ? Number(arg('--files')) : undefined, name: arg('--name'), seed: arg('--seed') ? Number(arg('--seed')) : undefined });
    console.log(JSON.stringify(seeded));
  } finally {
    await prisma.$disconnect();
    await db.close();
  }
}

/**
 * Seeds review data at scale with set-based SQL (generate_series INSERT … SELECT), for the
 * review benchmark: `trajectories` complete trajectories (one snapshot and synthesis run each)
 * over 90 % as many repositories, so that the newest 10 % of trajectories supersede older runs of
 * the same repository; `stepsPer` steps and 10 plan entries per trajectory; a mix of review
 * states (60 % pending, 25 % approved, 10 % rejected, 5 % needing re-synthesis) with their Review
 * rows; 5 reviewers; 80 % of trajectories searched (NLL before/after); offline and openai runs.
 * Deterministic (setseed). Then ANALYZE.
 *
 *   DATABASE_URL=... npx tsx bench/seedReview.ts [--trajectories 10000] [--steps-per 100]
 */
import pg from 'pg';

export interface ReviewSeedOptions {
  trajectories?: number;
  stepsPer?: number;
}

export interface ReviewSeedFigures {
  trajectories: number;
  steps: number;
  reviews: number;
  seconds: number;
}

export const BENCH_REVIEWERS = 5;

/** One connection, so the seed's temporary table and seed value hold for every statement. */
export async function seedReviewData(databaseUrl: string, options: ReviewSeedOptions = {}): Promise<ReviewSeedFigures> {
  const n = options.trajectories ?? 10_000;
  const stepsPer = options.stepsPer ?? 100;
  const repos = Math.max(1, Math.round(n * 0.9));
  const started = performance.now();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`SELECT setseed(0.42)`);
    await client.query(
      `INSERT INTO "User" ("id", "name", "email", "role", "updatedAt")
       SELECT 'bench-reviewer-' || g, 'Reviewer ' || g, 'reviewer' || g || '@bench.test', 'reviewer', now() FROM generate_series(1, ${BENCH_REVIEWERS}) g`,
    );
    await client.query(
      `INSERT INTO "Repository" ("id", "name", "source", "sourceKind", "updatedAt")
       SELECT gen_random_uuid(), 'repo-' || lpad(g::text, 5, '0'), '/bench/repo-' || g, 'directory', now() FROM generate_series(1, $1::int) g`,
      [repos],
    );
    // One row per trajectory with every id it needs; trajectory g belongs to repository ((g-1) % repos) + 1.
    await client.query(
      `CREATE TEMP TABLE bt AS
       SELECT g, r."id" AS repo, gen_random_uuid() AS snap, gen_random_uuid() AS run, gen_random_uuid() AS traj,
              timestamp '2026-08-01' + g * interval '11 minutes' AS created, random() AS x, random() AS y,
              CASE WHEN g % 20 < 12 THEN 'pending' WHEN g % 20 < 17 THEN 'approved' WHEN g % 20 < 19 THEN 'rejected' ELSE 'needs_resynthesis' END AS state
         FROM generate_series(1, $1::int) g
         JOIN "Repository" r ON r."name" = 'repo-' || lpad((((g - 1) % $2::int) + 1)::text, 5, '0')`,
      [n, repos],
    );
    await client.query(
      `INSERT INTO "Snapshot" ("id", "repositoryId", "contentHash", "status", "languages", "fileCount", "sourceFileCount", "lineCount", "createdAt", "finishedAt")
       SELECT snap, repo, md5(g::text), 'ready',
              CASE g % 6 WHEN 0 THEN ARRAY['typescript'] WHEN 1 THEN ARRAY['python'] WHEN 2 THEN ARRAY['go']
                         WHEN 3 THEN ARRAY['typescript', 'javascript'] WHEN 4 THEN ARRAY['rust'] ELSE ARRAY['java', 'python'] END,
              40, 30, 4000, created, created
         FROM bt`,
    );
    await client.query(
      `INSERT INTO "SynthesisRun" ("id", "snapshotId", "provider", "model", "config", "configHash", "status", "filesTotal", "filesDone", "createdAt", "finishedAt")
       SELECT run, snap, CASE WHEN g % 10 < 7 THEN 'offline' ELSE 'openai' END,
              CASE WHEN g % 10 < 7 THEN 'offline-structural-v1' WHEN g % 10 < 9 THEN 'qwen2.5-coder-32b' ELSE 'llama-3.3-70b' END,
              '{}'::jsonb, md5('config' || g), 'succeeded', 30, 30, created, created
         FROM bt`,
    );
    await client.query(
      `INSERT INTO "Trajectory" ("id", "runId", "complete", "requirements", "stepCount", "tokenCount", "createdAt", "reviewState", "reviewVersion",
                                 "reviewedAt", "reviewedById", "repositoryId", "nllBefore", "nllAfter")
       SELECT traj, run, true, '# Requirements\n\nA generated benchmark trajectory.', $1::int, 2000 + (x * 180000)::int, created,
              state::"ReviewState", CASE WHEN state = 'pending' THEN 0 ELSE 1 END,
              CASE WHEN state = 'pending' THEN NULL ELSE created + interval '1 day' END,
              CASE WHEN state = 'pending' THEN NULL ELSE 'bench-reviewer-' || (g % ${BENCH_REVIEWERS} + 1) END,
              repo,
              CASE WHEN g % 5 = 0 THEN NULL ELSE 0.8 + y * 0.8 END,
              CASE WHEN g % 5 = 0 THEN NULL ELSE 0.8 + y * 0.8 - x * 0.3 + 0.05 END
         FROM bt`,
      [stepsPer],
    );
    // The older run of a repository is superseded by its newer one.
    await client.query(
      `UPDATE "Trajectory" t SET "supersededById" = newer.traj
         FROM bt older JOIN bt newer ON newer.repo = older.repo AND newer.g > older.g
        WHERE t."id" = older.traj`,
    );
    await client.query(
      `INSERT INTO "Review" ("id", "trajectoryId", "reviewerId", "decision", "reason", "note", "previousState", "version", "createdAt")
       SELECT gen_random_uuid(), traj, 'bench-reviewer-' || (g % ${BENCH_REVIEWERS} + 1), state::"ReviewState",
              CASE WHEN state = 'rejected' THEN (enum_range(NULL::"RejectReason"))[g % 7 + 1] END,
              CASE WHEN g % 3 = 0 THEN 'checked by the benchmark' END, 'pending', 1, created + interval '1 day'
         FROM bt WHERE state <> 'pending'`,
    );
    await client.query(
      `INSERT INTO "PlanEntry" ("id", "trajectoryId", "ordinal", "path", "purpose", "needs", "keySymbols")
       SELECT gen_random_uuid(), traj, o, 'src/module' || o || '.ts', 'Module ' || o || ' of the plan', '', ARRAY['symbol' || o]
         FROM bt CROSS JOIN generate_series(0, 9) o`,
    );
    // Steps: main agent's think / plan / observation, then per file think, read, observation, think, write, observation.
    await client.query(
      `INSERT INTO "Step" ("id", "trajectoryId", "ordinal", "agent", "file", "kind", "actionType", "actionPath", "content", "actionContent", "tokens", "lossMasked")
       SELECT gen_random_uuid(), traj, o,
              CASE WHEN o < 3 THEN 'main' ELSE 'sub' END::"StepAgent",
              CASE WHEN o < 3 THEN NULL ELSE 'src/module' || ((o - 3) / 6) || '.ts' END,
              (CASE WHEN o < 3 THEN (ARRAY['think', 'action', 'observation'])[o + 1] ELSE (ARRAY['think', 'action', 'observation', 'think', 'action', 'observation'])[(o - 3) % 6 + 1] END)::"StepKind",
              (CASE WHEN o = 1 THEN 'plan' WHEN o >= 3 AND (o - 3) % 6 = 1 THEN 'read' WHEN o >= 3 AND (o - 3) % 6 = 4 THEN 'write' END)::"ActionType",
              CASE WHEN o >= 3 AND (o - 3) % 6 IN (1, 4) THEN 'src/module' || ((o - 3) / 6) || '.ts' END,
              'Step ' || o || ': ' || repeat('the generated benchmark text of this step ', 3),
              CASE WHEN o >= 3 AND (o - 3) % 6 = 4 THEN repeat('export const value = 1;\n', 8) END,
              40 + o % 50, o >= 3 AND (o - 3) % 6 IN (2, 5)
         FROM bt CROSS JOIN generate_series(0, $1::int - 1) o`,
      [stepsPer],
    );
    await client.query('ANALYZE');
    const figures = await client.query(`SELECT (SELECT count(*) FROM "Trajectory")::int AS t, (SELECT count(*) FROM "Step")::int AS s, (SELECT count(*) FROM "Review")::int AS r`);
    const { t, s, r } = figures.rows[0];
    return { trajectories: t, steps: s, reviews: r, seconds: (performance.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const option = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_URL to a migrated, empty database.');
  seedReviewData(url, { trajectories: option('trajectories', 10_000), stepsPer: option('steps-per', 100) }).then((f) => console.log(f));
}

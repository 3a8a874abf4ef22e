import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { freshDatabase } from '../../testing/database';
import { DEFAULT_SORT, parseReviewFilter, parseReviewSortAndPage, parseReviewTableRequest, REVIEW_SORT_KEYS, ReviewFilterError, reviewFilterParams, type ReviewFilter } from './filter';
import { countReviewTable, reviewTablePage } from './query';
import { seedTrajectories, seedUser } from './testSeed';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let ids: string[];

before(async () => {
  db = await freshDatabase('review_table');
  await seedUser(db.prisma, 'ada');
  ids = await seedTrajectories(db.prisma, [
    { repository: 'zod', languages: ['typescript'], tokens: 500, nllBefore: 1.5, nllAfter: 1.0 },
    { repository: 'zod-extra', languages: ['typescript', 'javascript'], tokens: 1500, nllBefore: 1.2, nllAfter: 1.1, state: 'approved', reviewedById: 'ada' },
    { repository: 'flask', languages: ['python'], tokens: 3000, nllBefore: null, nllAfter: null, provider: 'openai', model: 'qwen-coder' },
    { repository: 'flask', languages: ['python'], tokens: 4000, nllBefore: 1.0, nllAfter: 1.3, state: 'rejected', reviewedById: 'ada' },
    { repository: 'gin', languages: ['go'], tokens: 800, complete: false },
    { repository: '100%_real', languages: ['rust'], tokens: 900 },
  ]);
  // The first flask trajectory is superseded by the second.
  await db.prisma.trajectory.update({ where: { id: ids[2] }, data: { supersededById: ids[3] } });
});
after(async () => {
  await db.drop();
});

describe('parsing the request', () => {
  test('keeps valid values, drops empty ones and normalizes', () => {
    const params = new URLSearchParams('repository=%20zod%20&language=TypeScript&state=pending&reviewer=&deltaMin=-0.5&deltaMax=0&tokensMin=10&tokensMax=2000&provider=offline&superseded=1');
    assert.deepEqual(parseReviewFilter(params), {
      repository: 'zod',
      language: 'typescript',
      state: 'pending',
      deltaMin: -0.5,
      deltaMax: 0,
      tokensMin: 10,
      tokensMax: 2000,
      provider: 'offline',
      superseded: true,
    });
    assert.deepEqual(parseReviewFilter({ state: ['approved', 'x'], tokensMin: 5 }), { state: 'approved', tokensMin: 5 });
  });

  test('a value that cannot be meant is refused with what to send instead', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ state: 'done' }, /state must be one of pending, approved, rejected, needs_resynthesis/],
      [{ deltaMin: 'abc' }, /deltaMin must be a number/],
      [{ tokensMax: '1.5' }, /tokensMax must be a whole number/],
      [{ tokensMin: '10', tokensMax: '5' }, /tokensMin \(10\) is above tokensMax \(5\)/],
      [{ language: 'type script; drop' }, /language must be a language name/],
      [{ repository: 'x'.repeat(300) }, /longer than 200/],
      [{ provider: { a: 1 } }, /provider must be a string/],
    ];
    for (const [params, message] of cases) assert.throws(() => parseReviewFilter(params), (err: Error) => err instanceof ReviewFilterError && message.test(err.message), JSON.stringify(params));
  });

  test('unknown sort keys, directions and pages fall back to the defaults', () => {
    assert.deepEqual(parseReviewSortAndPage({ sort: 'name; DROP TABLE', dir: 'sideways', page: '-3', pageSize: '100000' }), { sort: DEFAULT_SORT, page: { page: 1, pageSize: 200 } });
    assert.deepEqual(parseReviewSortAndPage({ sort: 'delta' }).sort, { key: 'delta', dir: 'asc' });
    assert.deepEqual(parseReviewTableRequest(new URLSearchParams('sort=tokens&dir=desc&page=2')).page, { page: 2, pageSize: 50 });
  });

  test('a filter round-trips through its URL parameters', () => {
    const filter: ReviewFilter = { repository: 'a', state: 'rejected', deltaMax: -0.1, superseded: true };
    assert.deepEqual(parseReviewFilter(new URLSearchParams(reviewFilterParams(filter))), filter);
  });
});

describe('the table query', () => {
  const names = async (filter: ReviewFilter) => (await reviewTablePage(db.prisma, filter, { key: 'created', dir: 'asc' })).rows.map((r) => r.repositoryName);

  test('complete, current trajectories with every column; superseded ones only when asked', async () => {
    const page = await reviewTablePage(db.prisma, {}, { key: 'created', dir: 'asc' });
    assert.deepEqual(page.rows.map((r) => r.repositoryName), ['zod', 'zod-extra', 'flask', '100%_real']);
    assert.equal(page.total, 4);
    const approved = page.rows[1];
    assert.equal(approved.id, ids[1]);
    assert.equal(approved.state, 'approved');
    assert.equal(approved.reviewVersion, 1);
    assert.deepEqual(approved.reviewer, { id: 'ada', name: 'ada', email: 'ada@example.com' });
    assert.deepEqual(approved.languages, ['typescript', 'javascript']);
    assert.equal(approved.provider, 'offline');
    assert.equal(approved.tokenCount, 1500);
    assert.ok(Math.abs(approved.delta! - -0.1) < 1e-9);
    assert.equal(page.rows[0].reviewer, null);
    assert.deepEqual(await names({ superseded: true }), ['zod', 'zod-extra', 'flask', 'flask', '100%_real']);
  });

  test('every filter narrows the rows', async () => {
    assert.deepEqual(await names({ repository: 'ZOD' }), ['zod', 'zod-extra']);
    assert.deepEqual(await names({ repository: '%' }), ['100%_real'], 'LIKE wildcards are literal');
    assert.deepEqual(await names({ language: 'javascript' }), ['zod-extra']);
    assert.deepEqual(await names({ state: 'pending' }), ['zod', '100%_real']);
    assert.deepEqual(await names({ reviewer: 'ada' }), ['zod-extra', 'flask']);
    assert.deepEqual(await names({ reviewer: 'ADA@example.com' }), ['zod-extra', 'flask']);
    assert.deepEqual(await names({ deltaMax: -0.3 }), ['zod']);
    assert.deepEqual(await names({ deltaMin: 0 }), ['flask']);
    assert.deepEqual(await names({ tokensMin: 900, tokensMax: 1500 }), ['zod-extra', '100%_real']);
    assert.deepEqual(await names({ provider: 'openai', superseded: true }), ['flask']);
    assert.deepEqual(await names({ provider: 'openai' }), []);
    assert.equal(await countReviewTable(db.prisma, { state: 'pending', language: 'typescript' }), 1);
  });

  test('sorts by every column, missing values last, and paginates without overlap', async () => {
    for (const key of REVIEW_SORT_KEYS) {
      for (const dir of ['asc', 'desc'] as const) {
        const page = await reviewTablePage(db.prisma, { superseded: true }, { key, dir });
        assert.equal(page.rows.length, 5, `${key} ${dir}`);
      }
    }
    const byDelta = await reviewTablePage(db.prisma, { superseded: true }, { key: 'delta', dir: 'asc' });
    assert.deepEqual(byDelta.rows.map((r) => r.repositoryName), ['zod', '100%_real', 'zod-extra', 'flask', 'flask']);
    assert.equal(byDelta.rows[4].delta, null);
    const byTokens = await reviewTablePage(db.prisma, {}, { key: 'tokens', dir: 'desc' });
    assert.deepEqual(byTokens.rows.map((r) => r.tokenCount), [4000, 1500, 900, 500]);

    const seen: string[] = [];
    for (let n = 1; n <= 3; n++) {
      const page = await reviewTablePage(db.prisma, { superseded: true }, { key: 'repository', dir: 'asc' }, { page: n, pageSize: 2 });
      assert.equal(page.pageCount, 3);
      seen.push(...page.rows.map((r) => r.id));
    }
    assert.equal(new Set(seen).size, 5);
    const past = await reviewTablePage(db.prisma, {}, DEFAULT_SORT, { page: 99, pageSize: 3 });
    assert.equal(past.page, 2);
    assert.equal(past.rows.length, 1);
  });
});

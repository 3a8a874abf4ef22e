import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { MIGRATIONS_DIR, readMigrations } from './migrate';
import { pendingSchemaChange, SCHEMA_PATH } from './newMigration';

// `db new-migration` diffs from the schema.prisma kept beside the last migration: a migration
// written by hand without one (as happened from November to December) leaves it nothing to diff from.
test('the last migration keeps the schema it produces, and it agrees with prisma/schema.prisma', async () => {
  const last = readMigrations().at(-1);
  assert.ok(last, 'no migrations');
  assert.ok(fs.existsSync(path.join(MIGRATIONS_DIR, last.name, 'schema.prisma')), `${last.name} has no schema.prisma beside it`);
  assert.equal(await pendingSchemaChange(), null);
});

test('a schema change gives the SQL of a new migration', { timeout: 120_000 }, async () => {
  const original = fs.readFileSync(SCHEMA_PATH, 'utf8');
  const changed = original.replace(/model RepositoryDeletion \{\n/, 'model RepositoryDeletion {\n  testOnlyColumn String?\n');
  assert.notEqual(changed, original);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-schema-'));
  try {
    fs.writeFileSync(path.join(dir, 'schema.prisma'), changed);
    const sql = await pendingSchemaChange(path.join(dir, 'schema.prisma'));
    assert.match(sql ?? '', /ALTER TABLE "RepositoryDeletion" ADD COLUMN\s+"testOnlyColumn" TEXT/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

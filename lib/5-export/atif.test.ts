import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createOfflineModel } from '../2-synthesize/offlineModel';
import { synthesize } from '../2-synthesize/synthesize';
import type { SynthesizedTrajectory } from '../2-synthesize/types';
import { structureOf } from '../1-ingest/ingest';
import { tempTree } from '../testing/tempTree';
import { toAtif } from './atif';
import { ATIF_SCHEMA_VERSION, validateAtif, type AtifTrajectory } from './atifSchema';
import type { Provenance } from './select';

const FILES = {
  'README.md': '# Atif\nA tiny library.\n',
  'pkg/__init__.py': '',
  'pkg/core.py': 'def core():\n    """The core."""\n    return 1\n',
  'app.py': 'from pkg.core import core\n\nprint(core())\n',
};

const PROVENANCE: Provenance = {
  trajectoryId: '11111111-1111-4111-8111-111111111111',
  repository: 'atif-demo',
  commit: 'abc123',
  licence: 'MIT',
  runId: '22222222-2222-4222-8222-222222222222',
  provider: 'offline',
  model: 'offline-structural-v1',
  repeatedReads: 'once',
  reviewState: 'approved',
  review: { decision: 'approved', reason: null, reviewer: 'r@example.test', decidedAt: '2026-11-21T10:00:00.000Z' },
  searchRunId: null,
  createdAt: '2026-11-21T09:00:00.000Z',
};

let trajectory: SynthesizedTrajectory;
let atif: AtifTrajectory;
before(async () => {
  trajectory = await synthesize(await structureOf(tempTree(FILES)), createOfflineModel());
  const firstThink = trajectory.steps.find((s) => s.kind === 'think' && s.agent === 'sub')!;
  atif = toAtif(trajectory, { provenance: PROVENANCE, thinkOverrides: new Map([[firstThink.ordinal, 'A searched Think.']]), retraceVersion: '0.1.0' });
});

test('the ATIF document validates against the ATIF-v1.4 schema, and survives JSON', () => {
  assert.equal(atif.schema_version, ATIF_SCHEMA_VERSION);
  validateAtif(JSON.parse(JSON.stringify(atif)));
  assert.equal(atif.session_id, PROVENANCE.trajectoryId);
  assert.deepEqual(atif.agent, { name: 'retrace', version: '0.1.0', model_name: 'offline-structural-v1', extra: { provider: 'offline', offline: true } });
  assert.equal(atif.extra?.licence, 'MIT');
  assert.equal(atif.final_metrics?.total_steps, atif.steps.length);
});

test('every Retrace step lands in exactly one ATIF step, in order', () => {
  const ordinals = atif.steps.flatMap((s) => ((s.extra as { retrace_ordinals?: number[] } | undefined)?.retrace_ordinals ?? []));
  assert.deepEqual(ordinals, trajectory.steps.map((s) => s.ordinal));
  assert.equal(atif.steps[0].source, 'user');
  assert.ok(atif.steps.slice(1).every((s) => s.source === 'agent'));
});

test('the plan, reads and writes are tool calls with their observations tied to them', () => {
  const calls = atif.steps.flatMap((s) => s.tool_calls ?? []);
  const actions = trajectory.steps.filter((s) => s.kind === 'action');
  assert.deepEqual(
    calls.map((c) => c.function_name),
    actions.map((s) => ({ plan: 'plan', read: 'read_file', write: 'write_file' })[s.action!.type]),
  );
  const plan = calls.find((c) => c.function_name === 'plan')!;
  assert.ok(Array.isArray(plan.arguments.files), 'the plan passes as its JSON object');
  for (const s of actions.filter((a) => a.action!.type === 'write')) {
    const call = calls.find((c) => c.tool_call_id === `call_${s.ordinal}`)!;
    assert.deepEqual(call.arguments, { path: s.action!.path, content: s.action!.content });
  }
  const results = atif.steps.flatMap((s) => s.observation?.results ?? []);
  assert.deepEqual(results.map((r) => r.content), trajectory.steps.filter((s) => s.kind === 'observation').map((s) => s.content));
  for (const step of atif.steps) {
    for (const r of step.observation?.results ?? []) assert.ok(step.tool_calls?.some((c) => c.tool_call_id === r.source_call_id));
  }
});

test('Thinks are the reasoning, as the search left them; sub-agents are marked with their file', () => {
  const searched = atif.steps.find((s) => s.reasoning_content === 'A searched Think.');
  assert.ok(searched);
  assert.equal((searched.extra as { agent: string }).agent, 'sub');
  const files = new Set(atif.steps.map((s) => (s.extra as { file?: string | null } | undefined)?.file).filter(Boolean));
  assert.deepEqual([...files].sort(), trajectory.plan.files.map((f) => f.path).sort());
});

test('the schema refuses what ATIF-v1.4 does not allow', () => {
  const copy = () => JSON.parse(JSON.stringify(atif)) as AtifTrajectory & Record<string, unknown>;
  const cases: [string, (t: ReturnType<typeof copy>) => void, RegExp][] = [
    ['wrong version', (t) => (t.schema_version = 'ATIF-v9' as never), /schema_version/],
    ['no agent version', (t) => delete (t.agent as { version?: string }).version, /agent\.version/],
    ['a gap in step ids', (t) => (t.steps[2].step_id = 9), /expected 3/],
    ['reasoning on a user step', (t) => (t.steps[0].reasoning_content = 'no'), /only applicable when source is 'agent'/],
    ['an unknown source', (t) => (t.steps[1].source = 'robot' as never), /source/],
    ['a result naming no call', (t) => (t.steps.find((s) => s.observation)!.observation!.results[0].source_call_id = 'nope'), /names no tool call/],
    ['a field outside extra', (t) => (t.custom = 1), /custom|Unrecognized/],
    ['no message', (t) => delete (t.steps[1] as { message?: string }).message, /message/],
    ['a bad timestamp', (t) => (t.steps[1].timestamp = 'yesterday'), /ISO 8601/],
  ];
  for (const [what, damage, message] of cases) {
    const t = copy();
    damage(t);
    assert.throws(() => validateAtif(t), message, what);
  }
});

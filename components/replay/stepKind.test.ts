import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drawnKindOf, stepSummary } from './stepKind';

test('actions are drawn as their action type', () => {
  assert.equal(drawnKindOf({ kind: 'action', actionType: 'read' }), 'read');
  assert.equal(drawnKindOf({ kind: 'action', actionType: 'write' }), 'write');
  assert.equal(drawnKindOf({ kind: 'action', actionType: 'plan' }), 'plan');
  assert.equal(drawnKindOf({ kind: 'think', actionType: null }), 'think');
  assert.equal(drawnKindOf({ kind: 'observation', actionType: null }), 'observation');
});

test('summaries are one line', () => {
  assert.equal(stepSummary({ kind: 'action', actionType: 'read', actionPath: 'src/a.ts', preview: 'Read(src/a.ts)', truncated: false }), 'src/a.ts');
  assert.equal(stepSummary({ kind: 'think', actionType: null, actionPath: null, preview: '\nFirst line\nsecond', truncated: false }), 'First line…');
  assert.equal(stepSummary({ kind: 'think', actionType: null, actionPath: null, preview: 'Short', truncated: false }), 'Short');
  assert.equal(stepSummary({ kind: 'think', actionType: null, actionPath: null, preview: 'Long', truncated: true }), 'Long…');
  assert.equal(stepSummary({ kind: 'observation', actionType: null, actionPath: null, preview: '', truncated: false }), '(empty)');
});

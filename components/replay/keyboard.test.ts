import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commandOfKey } from './keyboard';

test('keys map to commands', () => {
  assert.equal(commandOfKey({ key: ' ' }), 'toggle-play');
  for (const key of ['ArrowRight', 'ArrowDown', 'j']) assert.equal(commandOfKey({ key }), 'next');
  for (const key of ['ArrowLeft', 'ArrowUp', 'k']) assert.equal(commandOfKey({ key }), 'prev');
  assert.equal(commandOfKey({ key: 'Home' }), 'first');
  assert.equal(commandOfKey({ key: 'End' }), 'last');
  assert.equal(commandOfKey({ key: ']' }), 'next-file');
  assert.equal(commandOfKey({ key: '[' }), 'prev-file');
  assert.equal(commandOfKey({ key: '+' }), 'faster');
  assert.equal(commandOfKey({ key: '-' }), 'slower');
  assert.equal(commandOfKey({ key: 'x' }), null);
  assert.equal(commandOfKey({ key: 'J' }), null);
});

test('no shortcut while typing in a field, or with a modifier', () => {
  for (const tagName of ['INPUT', 'textarea', 'SELECT']) {
    assert.equal(commandOfKey({ key: 'j', target: { tagName } }), null, tagName);
    assert.equal(commandOfKey({ key: ' ', target: { tagName } }), null, tagName);
  }
  assert.equal(commandOfKey({ key: 'j', target: { tagName: 'DIV', isContentEditable: true } }), null);
  assert.equal(commandOfKey({ key: 'j', ctrlKey: true }), null);
  assert.equal(commandOfKey({ key: 'ArrowLeft', metaKey: true }), null);
  assert.equal(commandOfKey({ key: 'ArrowLeft', altKey: true }), null);
  assert.equal(commandOfKey({ key: 'j', target: { tagName: 'DIV' } }), 'next');
});

test('Space on a focused button is the button\'s own click, arrows still work there', () => {
  assert.equal(commandOfKey({ key: ' ', target: { tagName: 'BUTTON' } }), null);
  assert.equal(commandOfKey({ key: 'ArrowRight', target: { tagName: 'BUTTON' } }), 'next');
  assert.equal(commandOfKey({ key: ' ', target: { tagName: 'BODY' } }), 'toggle-play');
});

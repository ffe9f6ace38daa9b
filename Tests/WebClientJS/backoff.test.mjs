// Reconnection delays double from half a second to fifteen, with jitter within each step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconnectDelay } from '../../Sources/WebClient/Public/app/gateway/backoff.js';

test('delays grow, are capped, and jitter within half of the step', () => {
  assert.equal(reconnectDelay(0, () => 0), 250);
  assert.equal(reconnectDelay(0, () => 1), 500);
  assert.equal(reconnectDelay(3, () => 1), 4000);
  assert.equal(reconnectDelay(20, () => 1), 15_000);
  assert.equal(reconnectDelay(20, () => 0), 7500);
});

// Unread bookkeeping: what the server's sync answer says, what a new message or an acknowledgement changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acknowledge, isUnread, mentionCount, noteMessage, serverUnread, unreadsFromSync } from '../../Sources/WebClient/Public/app/state/unreads.js';

const unreads = unreadsFromSync([
  { _id: { channel: 'a', user: 'me' }, last_id: '01B', mentions: ['01C'] },
  { _id: { channel: 'b', user: 'me' }, last_id: '01D' },
]);

test('a channel is unread when its last message is newer than the acknowledged one', () => {
  assert.ok(isUnread({ _id: 'a', last_message_id: '01C' }, unreads));
  assert.ok(!isUnread({ _id: 'b', last_message_id: '01D' }, unreads));
  assert.ok(isUnread({ _id: 'never', last_message_id: '01A' }, unreads), 'never acknowledged');
  assert.ok(!isUnread({ _id: 'empty' }, unreads), 'no messages');
  assert.equal(mentionCount('a', unreads), 1);
});

test('a mention counts unless the channel is being read; one\'s own message acknowledges', () => {
  const mention = { _id: '01E', channel: 'b', author: 'them', mentions: ['me'] };
  assert.equal(mentionCount('b', noteMessage(unreads, mention, 'me', null)), 1);
  assert.equal(noteMessage(unreads, mention, 'me', 'b'), unreads);
  assert.equal(noteMessage(noteMessage(unreads, mention, 'me', null), mention, 'me', null).b.mentions.length, 1, 'counted once');
  const mine = noteMessage(unreads, { _id: '01F', channel: 'a', author: 'me' }, 'me', null);
  assert.equal(mine.a.lastId, '01F');
  assert.equal(mentionCount('a', mine), 0);
});

test('acknowledging never moves backwards and clears the mentions it covers', () => {
  const acked = acknowledge(unreads, 'a', '01C');
  assert.equal(acked.a.lastId, '01C');
  assert.equal(mentionCount('a', acked), 0);
  assert.equal(acknowledge(acked, 'a', '01A').a.lastId, '01C');
});

test('a server is unread when one of its channels is, and sums their mentions', () => {
  const channels = { a: { _id: 'a', last_message_id: '01C' }, b: { _id: 'b', last_message_id: '01D' } };
  assert.deepEqual(serverUnread({ channels: ['a', 'b'] }, channels, unreads), { unread: true, mentions: 1 });
  assert.deepEqual(serverUnread({ channels: ['b'] }, channels, unreads), { unread: false, mentions: 0 });
});

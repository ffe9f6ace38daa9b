// The client's state: gateway events and local actions as the reducer applies them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayName, initialState, reduce, typingUsers } from '../../Sources/WebClient/Public/app/state/reducer.js';

const ready = {
  type: 'Ready',
  users: [{ _id: 'bob', username: 'bob', relationship: 'None' }, { _id: 'me', username: 'me', relationship: 'User' }],
  servers: [{ _id: 's', name: 'Server', owner: 'me', channels: ['c'] }],
  channels: [{ _id: 'c', channel_type: 'TextChannel', server: 's', name: 'general' }],
  members: [{ _id: { server: 's', user: 'bob' }, nickname: 'Bobby' }],
};
const start = () => reduce(initialState, ready);

test('Ready sets who the user is and what it can see', () => {
  const state = start();
  assert.equal(state.me, 'me');
  assert.equal(state.channels.c.name, 'general');
  assert.equal(displayName(state, 'bob', 's'), 'Bobby');
  assert.equal(displayName(state, 'bob'), 'bob');
});

test('messages join loaded channels once; edits, appends, reactions and deletions apply', () => {
  let state = reduce(start(), { type: 'LocalHistory', channel: 'c', replace: true, pageSize: 50, messages: [] });
  const message = { type: 'Message', seq: '1-0', _id: '01A', channel: 'c', author: 'bob', content: 'hi' };
  state = reduce(state, message);
  state = reduce(state, message);
  assert.equal(state.histories.c.list.length, 1);
  assert.equal(state.histories.c.list[0].type, undefined, 'the event type is not stored on the message');
  assert.equal(state.channels.c.last_message_id, '01A');
  state = reduce(state, { type: 'MessageUpdate', id: '01A', channel: 'c', data: { content: 'hello', edited: '2026-01-01T00:00:00Z' } });
  state = reduce(state, { type: 'MessageAppend', id: '01A', channel: 'c', append: { embeds: [{ type: 'Website', title: 'T' }] } });
  state = reduce(state, { type: 'MessageReact', id: '01A', channel_id: 'c', user_id: 'me', emoji_id: '👍' });
  let [stored] = state.histories.c.list;
  assert.equal(stored.content, 'hello');
  assert.equal(stored.embeds[0].title, 'T');
  assert.deepEqual(stored.reactions, { '👍': ['me'] });
  state = reduce(state, { type: 'MessageUnreact', id: '01A', channel_id: 'c', user_id: 'me', emoji_id: '👍' });
  [stored] = state.histories.c.list;
  assert.deepEqual(stored.reactions, {});
  state = reduce(state, { type: 'MessageDelete', id: '01A', channel: 'c' });
  assert.equal(state.histories.c.list.length, 0);
});

test('a message in a channel never opened is not kept but marks it unread', () => {
  const state = reduce(start(), { type: 'Message', _id: '01B', channel: 'c', author: 'bob', content: 'x', mentions: ['me'] });
  assert.equal(state.histories.c, undefined);
  assert.equal(state.channels.c.last_message_id, '01B');
  assert.deepEqual(state.unreads.c.mentions, ['01B']);
});

test('typing starts, is cleared by the typist\'s message, and expires', () => {
  let state = reduce(start(), { type: 'ChannelStartTyping', id: 'c', user: 'bob', receivedAt: 1000 });
  assert.deepEqual(typingUsers(state, 'c'), ['bob']);
  state = reduce(state, { type: 'LocalTypingExpired', now: 5000 });
  assert.deepEqual(typingUsers(state, 'c'), ['bob']);
  state = reduce(state, { type: 'LocalTypingExpired', now: 11_001 });
  assert.deepEqual(typingUsers(state, 'c'), []);
  state = reduce(state, { type: 'ChannelStartTyping', id: 'c', user: 'bob', receivedAt: 20_000 });
  state = reduce(state, { type: 'Message', _id: '01C', channel: 'c', author: 'bob', content: 'done' });
  assert.deepEqual(typingUsers(state, 'c'), []);
});

test('channels and servers come and go with their events', () => {
  let state = reduce(start(), { type: 'ChannelCreate', _id: 'd', channel_type: 'TextChannel', server: 's', name: 'new' });
  assert.deepEqual(state.servers.s.channels, ['c', 'd']);
  state = reduce(state, { type: 'ChannelCreate', _id: 'd', channel_type: 'TextChannel', server: 's', name: 'new' });
  assert.deepEqual(state.servers.s.channels, ['c', 'd'], 'a repeated create is not added twice');
  state = reduce(state, { type: 'ChannelDelete', id: 'd' });
  assert.deepEqual(state.servers.s.channels, ['c']);
  state = reduce(state, { type: 'ServerMemberLeave', id: 's', user: 'me' });
  assert.equal(state.servers.s, undefined);
  assert.equal(state.channels.c, undefined);
});

test('presence and profile changes update the user; cleared fields go', () => {
  let state = reduce(start(), { type: 'UserUpdate', id: 'bob', data: { online: true, status: { text: 'busy' } } });
  assert.equal(state.users.bob.online, true);
  state = reduce(state, { type: 'UserUpdate', id: 'bob', data: {}, clear: ['StatusText'] });
  assert.equal(state.users.bob.status, undefined);
});

test('a fresh Ready after a gap marks loaded channels stale so they reload; the first Ready does not', () => {
  const page = { type: 'LocalHistory', channel: 'c', replace: true, pageSize: 50, messages: [{ _id: '01A', channel: 'c', author: 'bob' }] };
  const first = reduce(reduce(initialState, page), ready);
  assert.equal(first.histories.c.stale, false, 'loaded beside the first Ready');
  const again = reduce(reduce(first, page), ready);
  assert.equal(again.histories.c.stale, true);
});

test('presence from the gateway is kept when a user arrives inside an event, and taken from fresh API answers', () => {
  let state = reduce(start(), { type: 'UserUpdate', id: 'bob', data: { online: true } });
  state = reduce(state, { type: 'Message', _id: '01D', channel: 'c', author: 'bob', content: 'x', user: { _id: 'bob', username: 'bob', online: false } });
  assert.equal(state.users.bob.online, true);
  state = reduce(state, { type: 'LocalUsers', users: [{ _id: 'bob', username: 'bob', online: false }] });
  assert.equal(state.users.bob.online, false);
});

// A channel's loaded messages: merged in order, never twice, paged upward, grouped for drawing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyHistory, groupMessages, mergeMessages, prependPage, removeMessages, ulidTime, updateMessage } from '../../Sources/WebClient/Public/app/state/messages.js';

// ULIDs whose time part is `time` (ms), so ordering and grouping follow time.
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function ulid(time, suffix = 'A') {
  let text = '';
  for (let i = 0; i < 10; i++) { text = alphabet[time % 32] + text; time = Math.floor(time / 32); }
  return text + suffix.padStart(16, '0');
}
const message = (time, author = 'alice', extra = {}) => ({ _id: ulid(time), author, channel: 'c', content: `at ${time}`, ...extra });

test('ulidTime reads the time a ULID was made', () => {
  assert.equal(ulidTime(ulid(1_700_000_000_123)), 1_700_000_000_123);
});

test('live events, pages and replays merge in id order without duplicates', () => {
  let history = { ...emptyHistory, loaded: true };
  history = mergeMessages(history, [message(3000), message(1000)]);
  history = mergeMessages(history, [message(2000), message(3000, 'alice', { content: 'edited copy' })]);
  assert.deepEqual(history.list.map((m) => ulidTime(m._id)), [1000, 2000, 3000]);
  assert.equal(history.list[2].content, 'edited copy');
});

test('a pending message is replaced by the server copy carrying its nonce', () => {
  let history = mergeMessages({ ...emptyHistory, loaded: true }, [message(1000), { _id: '~pending-n1', nonce: 'n1', author: 'me', pending: true }]);
  assert.equal(history.list.at(-1)._id, '~pending-n1', 'pending sorts last');
  history = mergeMessages(history, [message(2000, 'me', { nonce: 'n1' })]);
  assert.deepEqual(history.list.map((m) => m._id), [ulid(1000), ulid(2000)]);
});

test('an older page is prepended and a short page marks the start', () => {
  let history = prependPage({ ...emptyHistory }, [message(5000), message(6000)], 2);
  assert.equal(history.atStart, false);
  history = prependPage(history, [message(4000)], 2);
  assert.equal(history.atStart, true);
  assert.deepEqual(history.list.map((m) => ulidTime(m._id)), [4000, 5000, 6000]);
});

test('updates and deletions touch only the named messages', () => {
  const history = mergeMessages({ ...emptyHistory }, [message(1000), message(2000)]);
  const edited = updateMessage(history, ulid(2000), (m) => ({ ...m, content: 'new' }));
  assert.equal(edited.list[1].content, 'new');
  assert.equal(edited.list[0], history.list[0]);
  assert.equal(updateMessage(history, 'missing', (m) => m), history);
  assert.deepEqual(removeMessages(history, [ulid(1000)]).list.map((m) => m._id), [ulid(2000)]);
});

test('runs by one author within seven minutes are grouped; a new day or a reply starts a new group', () => {
  const minute = 60_000;
  const base = Date.UTC(2026, 0, 1, 10);
  const list = [
    message(base, 'alice'),
    message(base + minute, 'alice'),
    message(base + 2 * minute, 'bob'),
    message(base + 3 * minute, 'bob', { replies: ['x'] }),
    message(base + 20 * minute, 'bob'),
    message(base + 24 * 60 * minute, 'bob'),
  ];
  const dayOf = (time) => new Date(time).toISOString().slice(0, 10);
  const rows = groupMessages(list, dayOf);
  assert.deepEqual(rows.map((row) => (row.kind === 'day' ? `day ${row.day}` : `${row.message.author}${row.continued ? '+' : ''}`)), [
    'day 2026-01-01', 'alice', 'alice+', 'bob', 'bob', 'bob', 'day 2026-01-02', 'bob',
  ]);
});

test('message times are written from the date itself, year first and 24-hour', async () => {
  const { formatClock, formatDay, formatShort } = await import('../../Sources/WebClient/Public/app/views/time.js');
  const time = new Date(2026, 11, 5, 9, 7).getTime();
  assert.equal(formatClock(time), '09:07');
  assert.equal(formatShort(time), '2026-12-05 09:07');
  assert.equal(formatDay(time), 'Saturday, 5 December 2026');
});

// One channel's loaded messages: ascending by id (ULIDs sort by time), never twice, however they arrive (history
// pages, live events, a resume replaying what was missed, or the echo of a message this client sent).

/** An empty list: nothing loaded, not known to be at the channel's start. */
export const emptyHistory = Object.freeze({ list: [], atStart: false, loaded: false });

/** `history` with `messages` merged in (any order, duplicates replaced by the newer copy). */
export function mergeMessages(history, messages) {
  if (messages.length === 0) return history;
  const byId = new Map(history.list.map((message) => [message._id, message]));
  const nonces = new Map();
  for (const message of history.list) if (message.nonce) nonces.set(message.nonce, message._id);
  for (const message of messages) {
    // A message this client sent shows at once under its nonce; the server's copy replaces it.
    const pending = message.nonce && nonces.get(message.nonce);
    if (pending && pending !== message._id) byId.delete(pending);
    byId.set(message._id, message);
  }
  const list = [...byId.values()].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  return { ...history, list };
}

/** `history` after an older page was loaded: `page` is what the server answered for `before=<oldest>`. */
export function prependPage(history, page, pageSize) {
  const merged = mergeMessages(history, page);
  return { ...merged, loaded: true, atStart: page.length < pageSize };
}

/** `history` with one message changed by `change(message)`; untouched when it is not loaded. */
export function updateMessage(history, id, change) {
  const index = history.list.findIndex((message) => message._id === id);
  if (index < 0) return history;
  const list = history.list.slice();
  list[index] = change(list[index]);
  return { ...history, list };
}

/** `history` without the messages in `ids`. */
export function removeMessages(history, ids) {
  const gone = new Set(ids);
  const list = history.list.filter((message) => !gone.has(message._id));
  return list.length === history.list.length ? history : { ...history, list };
}

/** The time a ULID was made, in milliseconds since 1970 (its first ten Crockford base-32 characters). */
export function ulidTime(id) {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let time = 0;
  for (const character of id.slice(0, 10).toUpperCase()) time = time * 32 + alphabet.indexOf(character);
  return time;
}

const groupingWindow = 7 * 60 * 1000;

/**
 * The list as it is drawn: a day divider before each new day, and each message marked `continued` when it follows
 * one by the same author (and masquerade) within seven minutes and is not a reply, so only the first of a run shows
 * the author's name and picture.
 */
export function groupMessages(list, dayOf = localDay) {
  const rows = [];
  let previous = null;
  for (const message of list) {
    const time = ulidTime(message._id);
    const day = dayOf(time);
    if (!previous || dayOf(ulidTime(previous._id)) !== day) {
      rows.push({ kind: 'day', key: `day-${day}`, day, time });
      previous = null;
    }
    const continued = previous !== null
      && previous.author === message.author
      && (previous.masquerade?.name ?? '') === (message.masquerade?.name ?? '')
      && !(message.replies?.length)
      && time - ulidTime(previous._id) < groupingWindow;
    rows.push({ kind: 'message', key: message._id, message, continued, time });
    previous = message;
  }
  return rows;
}

/** The local calendar day of a time, as `YYYY-MM-DD`. */
export function localDay(time) {
  const date = new Date(time);
  const pad = (value) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

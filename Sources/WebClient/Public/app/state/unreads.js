// Unread bookkeeping: which channels have messages this user has not seen, and how many of them mention it. The
// server keeps it (`GET /sync/unreads`, `PUT /channels/{id}/ack/{message}`), so it survives a reload.

/** The server's unreads answer (`[{_id: {channel, user}, last_id, mentions}]`) by channel. */
export function unreadsFromSync(entries) {
  const unreads = {};
  for (const entry of entries) {
    unreads[entry._id.channel] = { lastId: entry.last_id ?? null, mentions: entry.mentions ?? [] };
  }
  return unreads;
}

/** Whether `channel` has a message newer than the last one acknowledged. */
export function isUnread(channel, unreads) {
  const last = channel?.last_message_id;
  if (!last) return false;
  const seen = unreads[channel._id]?.lastId;
  return !seen || seen < last;
}

/** How many unseen messages in `channel` mention this user. */
export function mentionCount(channelId, unreads) {
  return unreads[channelId]?.mentions.length ?? 0;
}

/** The unreads after `message` arrived: a mention of `me` is counted unless the channel is being read. */
export function noteMessage(unreads, message, me, readingChannel) {
  if (message.author === me) return acknowledge(unreads, message.channel, message._id);
  if (readingChannel === message.channel) return unreads;
  if (!(message.mentions ?? []).includes(me)) return unreads;
  const current = unreads[message.channel] ?? { lastId: null, mentions: [] };
  if (current.mentions.includes(message._id)) return unreads;
  return { ...unreads, [message.channel]: { ...current, mentions: [...current.mentions, message._id] } };
}

/** The unreads after the user read `channel` up to `messageId`. */
export function acknowledge(unreads, channelId, messageId) {
  const current = unreads[channelId];
  if (current && current.lastId && current.lastId >= messageId && current.mentions.length === 0) return unreads;
  const lastId = current?.lastId && current.lastId > messageId ? current.lastId : messageId;
  return { ...unreads, [channelId]: { lastId, mentions: (current?.mentions ?? []).filter((id) => id > messageId) } };
}

/** Whether any channel of `server` is unread, and the mentions across them. */
export function serverUnread(server, channels, unreads) {
  let unread = false;
  let mentions = 0;
  for (const id of server.channels ?? []) {
    if (isUnread(channels[id], unreads)) unread = true;
    mentions += mentionCount(id, unreads);
  }
  return { unread, mentions };
}

// Everything the client knows, changed only here: by the gateway's events (Revolt's names, applied as they come)
// and by what the client loaded or did itself (`Local*` actions). Pure, so `node --test` covers it.
import { emptyHistory, mergeMessages, prependPage, removeMessages, updateMessage } from './messages.js';
import { acknowledge, noteMessage, unreadsFromSync } from './unreads.js';

export const initialState = Object.freeze({
  me: null,
  users: {},
  servers: {},
  channels: {},
  members: {},
  histories: {},
  unreads: {},
  typing: {},
  reading: null,
  connection: 'connecting',
  synced: false,
});

const memberKey = (server, user) => `${server}:${user}`;
const without = (object, key) => {
  if (!(key in object)) return object;
  const { [key]: _gone, ...rest } = object;
  return rest;
};
const byId = (list) => Object.fromEntries(list.map((item) => [item._id, item]));
/** `object` with `data` merged in and the fields `clear` names (Revolt's field names, mapped) removed. */
const patched = (object, data, clear, fields = {}) => {
  const next = { ...object, ...data };
  for (const name of clear ?? []) delete next[fields[name] ?? name.toLowerCase()];
  return next;
};
const userFields = { ProfileContent: 'profile', ProfileBackground: 'profile', StatusText: 'status', Avatar: 'avatar', DisplayName: 'display_name' };

export function reduce(state, action) {
  switch (action.type) {
    case 'Ready': return ready(state, action);
    case 'LocalConnection': return { ...state, connection: action.connection };
    case 'LocalMe': return { ...state, me: action.user._id, users: { ...state.users, [action.user._id]: action.user } };
    case 'LocalReading': return { ...state, reading: action.channel };
    case 'LocalUnreads': return { ...state, unreads: unreadsFromSync(action.entries) };
    case 'LocalHistory': return history(state, action);
    case 'LocalUsers': return withUsers(state, action.users ?? [], action.members ?? [], true);
    case 'LocalPending': return messageArrived(state, action.message, false);
    case 'LocalPendingFailed':
      return historyOf(state, action.channel, (list) => removeMessages(list, [action.id]));
    case 'LocalServer': return joinedServer(state, action.server, action.channels ?? []);
    case 'LocalChannel': return { ...state, channels: { ...state.channels, [action.channel._id]: action.channel } };
    case 'Message': return messageArrived(state, eventBody(action), true);
    case 'MessageUpdate':
      return historyOf(state, action.channel, (list) => updateMessage(list, action.id, (message) => patched(message, action.data, action.clear)));
    case 'MessageAppend':
      return historyOf(state, action.channel, (list) => updateMessage(list, action.id, (message) => ({
        ...message, embeds: [...(message.embeds ?? []), ...(action.append?.embeds ?? [])],
      })));
    case 'MessageDelete':
      return historyOf(state, action.channel, (list) => removeMessages(list, [action.id]));
    case 'BulkMessageDelete':
      return historyOf(state, action.channel, (list) => removeMessages(list, action.ids ?? []));
    case 'MessageReact':
    case 'MessageUnreact':
      return historyOf(state, action.channel_id, (list) => updateMessage(list, action.id, (message) => react(message, action)));
    case 'MessageRemoveReaction':
      return historyOf(state, action.channel_id, (list) => updateMessage(list, action.id, (message) => ({
        ...message, reactions: without(message.reactions ?? {}, action.emoji_id),
      })));
    case 'ChannelCreate': return channelCreated(state, eventBody(action));
    case 'ChannelUpdate': {
      const channel = state.channels[action.id];
      if (!channel) return state;
      return { ...state, channels: { ...state.channels, [action.id]: patched(channel, action.data, action.clear) } };
    }
    case 'ChannelDelete': return channelDeleted(state, action.id);
    case 'ChannelAck':
      return action.user === state.me ? { ...state, unreads: acknowledge(state.unreads, action.id, action.message_id) } : state;
    case 'ChannelStartTyping': return typing(state, action.id, action.user, action.receivedAt ?? Date.now());
    case 'ChannelStopTyping': return typing(state, action.id, action.user, null);
    case 'LocalTypingExpired': return expireTyping(state, action.now);
    case 'ServerCreate': return joinedServer(state, action.server, action.channels ?? []);
    case 'ServerUpdate': {
      const server = state.servers[action.id];
      if (!server) return state;
      return { ...state, servers: { ...state.servers, [action.id]: patched(server, action.data, action.clear) } };
    }
    case 'ServerDelete': return leftServer(state, action.id);
    case 'ServerMemberJoin': {
      const member = action.member ?? { _id: { server: action.id, user: action.user } };
      const users = action.user_object ? { ...state.users, [action.user]: action.user_object } : state.users;
      return { ...state, users, members: { ...state.members, [memberKey(action.id, action.user)]: member } };
    }
    case 'ServerMemberUpdate': {
      const key = memberKey(action.id.server, action.id.user);
      const member = state.members[key];
      if (!member) return state;
      return { ...state, members: { ...state.members, [key]: patched(member, action.data, action.clear) } };
    }
    case 'ServerMemberLeave':
      if (action.user === state.me) return leftServer(state, action.id);
      return { ...state, members: without(state.members, memberKey(action.id, action.user)) };
    case 'UserUpdate': {
      const user = state.users[action.id];
      if (!user) return state;
      return { ...state, users: { ...state.users, [action.id]: patched(user, action.data, action.clear, userFields) } };
    }
    default: return state;
  }
}

/** An event's object without the event's own members (`type`, `seq`). */
function eventBody(event) {
  const { type: _type, seq: _seq, ...body } = event;
  return body;
}

function ready(state, event) {
  const me = event.users?.find((user) => user.relationship === 'User')?._id ?? state.me;
  const members = {};
  for (const member of event.members ?? []) members[memberKey(member._id.server, member._id.user)] = member;
  // A fresh Ready replaces what the client knew; loaded messages are kept only for channels still visible. After a
  // gap (a Ready that is not the first) they are reloaded by the screen showing them; the first Ready keeps what was
  // loaded beside it.
  const channels = byId(event.channels ?? []);
  const histories = {};
  for (const id of Object.keys(state.histories)) {
    if (channels[id]) histories[id] = state.synced ? { ...state.histories[id], stale: true } : state.histories[id];
  }
  const users = byId(event.users ?? []);
  // This client is connected, so its user is online whatever the snapshot was taken before.
  if (users[me]) users[me] = { ...users[me], online: true };
  return { ...state, synced: true, me, users, servers: byId(event.servers ?? []), channels, members, histories, typing: {} };
}

function history(state, action) {
  const current = state.histories[action.channel] ?? emptyHistory;
  const base = action.replace ? { ...emptyHistory } : current;
  const next = action.before || action.replace
    ? prependPage(base, action.messages, action.pageSize)
    : { ...mergeMessages(base, action.messages), loaded: true };
  const withStart = action.replace ? { ...next, atStart: action.messages.length < action.pageSize } : next;
  return withUsers({ ...state, histories: { ...state.histories, [action.channel]: { ...withStart, stale: false } } }, action.users ?? [], action.members ?? [], true);
}

/**
 * `state` with users and members merged in. Answers of the API carry presence as it was when they were made
 * (`withPresence`); a user embedded in an event does not, so the presence known from the gateway is kept.
 */
function withUsers(state, users, members, withPresence = false) {
  if (users.length === 0 && members.length === 0) return state;
  const nextUsers = { ...state.users };
  for (const user of users) {
    const known = nextUsers[user._id];
    const keep = !withPresence && known && 'online' in known;
    nextUsers[user._id] = { ...known, ...user, ...(keep ? { online: known.online } : {}) };
  }
  const nextMembers = { ...state.members };
  for (const member of members) nextMembers[memberKey(member._id.server, member._id.user)] = member;
  return { ...state, users: nextUsers, members: nextMembers };
}

function historyOf(state, channel, change) {
  const current = state.histories[channel];
  if (!current) return state;
  const next = change(current);
  return next === current ? state : { ...state, histories: { ...state.histories, [channel]: next } };
}

function messageArrived(state, message, fromServer) {
  let next = state;
  const current = state.histories[message.channel];
  // Live messages join a loaded list; a channel never opened loads its history when it is.
  if (current?.loaded || !fromServer) {
    next = { ...next, histories: { ...next.histories, [message.channel]: mergeMessages(current ?? { ...emptyHistory, loaded: true }, [message]) } };
  }
  if (!fromServer) return next;
  if (message.user) next = withUsers(next, [message.user], message.member ? [message.member] : []);
  const channel = next.channels[message.channel];
  if (channel && (!channel.last_message_id || channel.last_message_id < message._id)) {
    next = { ...next, channels: { ...next.channels, [message.channel]: { ...channel, last_message_id: message._id } } };
  }
  const typingNow = next.typing[message.channel];
  if (typingNow && message.author in typingNow) next = typing(next, message.channel, message.author, null);
  return { ...next, unreads: noteMessage(next.unreads, message, next.me, next.reading) };
}

function react(message, event) {
  const reactions = { ...(message.reactions ?? {}) };
  const users = new Set(reactions[event.emoji_id] ?? []);
  if (event.type === 'MessageReact') users.add(event.user_id); else users.delete(event.user_id);
  if (users.size === 0) delete reactions[event.emoji_id]; else reactions[event.emoji_id] = [...users];
  return { ...message, reactions };
}

function channelCreated(state, channel) {
  const channels = { ...state.channels, [channel._id]: channel };
  const server = channel.server && state.servers[channel.server];
  if (!server || (server.channels ?? []).includes(channel._id)) return { ...state, channels };
  return { ...state, channels, servers: { ...state.servers, [server._id]: { ...server, channels: [...(server.channels ?? []), channel._id] } } };
}

function channelDeleted(state, id) {
  const channel = state.channels[id];
  if (!channel) return state;
  const servers = { ...state.servers };
  const server = channel.server && servers[channel.server];
  if (server) servers[server._id] = { ...server, channels: (server.channels ?? []).filter((other) => other !== id) };
  return { ...state, servers, channels: without(state.channels, id), histories: without(state.histories, id), unreads: without(state.unreads, id) };
}

function joinedServer(state, server, channels) {
  const next = { ...state, servers: { ...state.servers, [server._id]: server }, channels: { ...state.channels, ...byId(channels) } };
  return next;
}

function leftServer(state, id) {
  const server = state.servers[id];
  if (!server) return state;
  let next = { ...state, servers: without(state.servers, id) };
  for (const channel of server.channels ?? []) next = channelDeleted(next, channel);
  const members = Object.fromEntries(Object.entries(next.members).filter(([key]) => !key.startsWith(`${id}:`)));
  return { ...next, members };
}

const typingLifetime = 10_000;

function typing(state, channel, user, now) {
  const current = { ...(state.typing[channel] ?? {}) };
  if (now === null) {
    if (!(user in current)) return state;
    delete current[user];
  } else {
    current[user] = now + typingLifetime;
  }
  return { ...state, typing: { ...state.typing, [channel]: current } };
}

function expireTyping(state, now) {
  let changed = false;
  const next = {};
  for (const [channel, users] of Object.entries(state.typing)) {
    const kept = Object.fromEntries(Object.entries(users).filter(([, until]) => until > now));
    if (Object.keys(kept).length !== Object.keys(users).length) changed = true;
    next[channel] = kept;
  }
  return changed ? { ...state, typing: next } : state;
}

/** Who is typing in `channel` now, other than `me`. */
export function typingUsers(state, channel) {
  return Object.keys(state.typing[channel] ?? {}).filter((user) => user !== state.me);
}

/** The name to show for `user` in `server`: nickname, display name, then username. */
export function displayName(state, userId, serverId) {
  const member = serverId && state.members[memberKey(serverId, userId)];
  const user = state.users[userId];
  return member?.nickname ?? user?.display_name ?? user?.username ?? 'Unknown user';
}

/** The member object of `user` in `server`, when loaded. */
export function memberOf(state, serverId, userId) {
  return state.members[memberKey(serverId, userId)];
}

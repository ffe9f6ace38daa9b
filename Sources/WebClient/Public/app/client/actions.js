// What the user can do, as calls to the server followed by the state change they imply. The gateway's events
// confirm each change to every other client; applying the answer here too makes this one feel immediate, and the
// reducer ignores the duplicate.
import { uploadFile } from '../api/upload.js';
import { makeNonce, pendingId } from './ids.js';

export const pageSize = 50;

export function createActions({ api, dispatch, token, getState }) {
  const loadingBefore = new Set();
  const loadingLatest = new Map();

  return {
    /** The channel's latest page; a second ask while one is on its way waits for the same request. */
    loadLatest(channel) {
      if (loadingLatest.has(channel)) return loadingLatest.get(channel);
      const request = api.get(`/channels/${channel}/messages?limit=${pageSize}&include_users=true&sort=Latest`)
        .then((answer) => {
          performance.mark('history-loaded');
          dispatch({ type: 'LocalHistory', channel, replace: true, pageSize, messages: answer.messages.reverse(), users: answer.users, members: answer.members });
        })
        .finally(() => loadingLatest.delete(channel));
      loadingLatest.set(channel, request);
      return request;
    },

    /** The page before the oldest loaded message; one request per channel at a time. */
    async loadOlder(channel) {
      const history = getState().histories[channel];
      if (!history || history.atStart || loadingBefore.has(channel)) return false;
      const oldest = history.list.find((message) => !message._id.startsWith('~'));
      if (!oldest) return false;
      loadingBefore.add(channel);
      try {
        const answer = await api.get(`/channels/${channel}/messages?limit=${pageSize}&include_users=true&sort=Latest&before=${oldest._id}`);
        dispatch({ type: 'LocalHistory', channel, before: oldest._id, pageSize, messages: answer.messages, users: answer.users, members: answer.members });
        return true;
      } finally {
        loadingBefore.delete(channel);
      }
    },

    isLoadingOlder: (channel) => loadingBefore.has(channel),

    /**
     * Sends a message: uploads its files first (each reporting progress), then the message. Shown at once under its
     * nonce; when anything fails nothing is sent and the error is thrown for the composer to show.
     */
    async send(channel, { content, files = [], replies = [] }, onProgress = () => {}) {
      const attachments = [];
      for (const [index, file] of files.entries()) {
        attachments.push(await uploadFile(api.endpoints, token(), 'attachments', file, (share) => onProgress(index, share)));
      }
      const nonce = makeNonce();
      const state = getState();
      const body = { content: content || undefined, nonce, attachments: attachments.length ? attachments : undefined, replies: replies.length ? replies : undefined };
      dispatch({ type: 'LocalPending', message: { _id: pendingId(nonce), nonce, channel, author: state.me, content, pending: true, replies: replies.map((reply) => reply.id) } });
      try {
        const message = await api.post(`/channels/${channel}/messages`, body, { headers: { 'Idempotency-Key': nonce } });
        dispatch({ type: 'LocalHistory', channel, messages: [message] });
        return message;
      } catch (error) {
        dispatch({ type: 'LocalPendingFailed', channel, id: pendingId(nonce) });
        throw error;
      }
    },

    edit: (channel, id, content) => api.patch(`/channels/${channel}/messages/${id}`, { content }),
    remove: (channel, id) => api.delete(`/channels/${channel}/messages/${id}`),

    async toggleReaction(message, emoji) {
      const mine = (message.reactions?.[emoji] ?? []).includes(getState().me);
      const path = `/channels/${message.channel}/messages/${message._id}/reactions/${encodeURIComponent(emoji)}`;
      if (mine) await api.delete(path); else await api.put(path);
    },

    async acknowledge(channel, messageId) {
      dispatch({ type: 'ChannelAck', id: channel, user: getState().me, message_id: messageId });
      await api.put(`/channels/${channel}/ack/${messageId}`);
    },

    async loadUnreads() {
      dispatch({ type: 'LocalUnreads', entries: await api.get('/sync/unreads') });
    },

    /** A user the client has just started to share a server with, with its presence now. */
    async loadUser(user) {
      dispatch({ type: 'LocalUsers', users: [await api.get(`/users/${user}`)] });
    },

    async loadMembers(server) {
      const answer = await api.get(`/servers/${server}/members`);
      dispatch({ type: 'LocalUsers', users: answer.users, members: answer.members });
    },

    async createServer(name) {
      const answer = await api.post('/servers/create', { name });
      dispatch({ type: 'LocalServer', server: answer.server, channels: answer.channels });
      return answer;
    },

    async createChannel(server, name, type = 'Text') {
      const channel = await api.post(`/servers/${server}/channels`, { type, name });
      dispatch({ ...channel, type: 'ChannelCreate', channel_type: channel.channel_type });
      return channel;
    },

    createInvite: (channel) => api.post(`/channels/${channel}/invites`),
    lookUpInvite: (code) => api.get(`/invites/${encodeURIComponent(code)}`),

    async joinInvite(code) {
      const answer = await api.post(`/invites/${encodeURIComponent(code)}`);
      if (answer.server) dispatch({ type: 'LocalServer', server: answer.server, channels: answer.channels });
      return answer;
    },

    async updateProfile(changes, remove = []) {
      const user = await api.patch('/users/@me', { ...changes, remove: remove.length ? remove : undefined });
      dispatch({ type: 'LocalMe', user });
      return user;
    },

    async uploadAvatar(file, onProgress) {
      const id = await uploadFile(api.endpoints, token(), 'avatars', file, onProgress);
      return this.updateProfile({ avatar: id });
    },

    async openDirectMessage(user) {
      const channel = await api.get(`/users/${user}/dm`);
      dispatch({ ...channel, type: 'ChannelCreate', channel_type: channel.channel_type });
      return channel;
    },
  };
}

// One conversation: its header, the messages, who is typing, and the composer. Loads the latest page when opened
// (and again after a gateway Ready that could not fill the gap), and acknowledges what the user has seen.
import { html, useEffect, useState } from '../vendor/preact-htm.js';
import { displayName, typingUsers } from '../state/reducer.js';
import { MessageList } from './MessageList.js';
import { Composer } from './Composer.js';
import { Icon } from './Icon.js';
import { WebhooksDialog } from './WebhooksDialog.js';
import { useApp } from './context.js';

export function ChannelView({ channelId, onMenu, membersShown, onToggleMembers }) {
  const { state, actions } = useApp();
  const channel = state.channels[channelId];
  const history = state.histories[channelId];
  const [error, setError] = useState(null);
  const [replyTo, setReplyTo] = useState(null);
  const [editing, setEditing] = useState(null);
  const [webhooksShown, setWebhooksShown] = useState(false);

  useEffect(() => {
    if (!channel || (history && !history.stale)) return;
    actions.loadLatest(channelId).catch((failure) => setError(failure.message));
  }, [channelId, Boolean(channel), history?.stale]);

  if (!channel) {
    return html`<main class="channel-view empty" aria-busy="true"><p role="status">${Object.keys(state.channels).length ? 'This channel does not exist, or you cannot see it.' : 'Loading…'}</p></main>`;
  }
  const typing = typingUsers(state, channelId);
  const title = channel.name ?? (channel.channel_type === 'SavedMessages' ? 'Saved notes'
    : displayName(state, (channel.recipients ?? []).find((id) => id !== state.me) ?? state.me));

  return html`<main class="channel-view" aria-labelledby="channel-title">
    <header class="channel-header">
      <button class="icon-button menu-button" aria-label="Open the channel list" onClick=${onMenu}><${Icon} name="menu" /></button>
      <h1 id="channel-title"><span aria-hidden="true">${channel.server ? '#' : '@'}</span>${title}</h1>
      ${channel.description && html`<span class="channel-topic">${channel.description}</span>`}
      ${channel.server && state.servers[channel.server]?.owner === state.me && html`<button class="icon-button" aria-label="Webhooks" title="Webhooks" onClick=${() => setWebhooksShown(true)}><${Icon} name="webhook" /></button>`}
      ${channel.server && html`<button class="icon-button" aria-pressed=${membersShown} aria-label="Members" title="Members" onClick=${onToggleMembers}><${Icon} name="members" /></button>`}
    </header>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <${MessageList} channel=${channel} history=${history} onReply=${setReplyTo} editing=${editing} setEditing=${setEditing} />
    <div class="typing" aria-live="polite">${typing.length > 0 && html`<span class="typing-dots" aria-hidden="true"></span>${typingText(typing.map((user) => displayName(state, user, channel.server)))}`}</div>
    <${Composer} channel=${channel} title=${title} replyTo=${replyTo} onClearReply=${() => setReplyTo(null)} onEditLast=${setEditing} />
    ${webhooksShown && html`<${WebhooksDialog} channel=${channel} onClose=${() => setWebhooksShown(false)} />`}
  </main>`;
}

function typingText(names) {
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length <= 3) return `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are typing…`;
  return 'Several people are typing…';
}

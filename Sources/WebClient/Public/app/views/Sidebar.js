// The second column: a server's channels (with unread markers and mention counts, creating channels and invites),
// or at home the direct messages; the signed-in user at the bottom.
import { html, useState } from '../vendor/preact-htm.js';
import { isUnread, mentionCount } from '../state/unreads.js';
import { displayName } from '../state/reducer.js';
import { Avatar } from './Avatar.js';
import { PromptDialog } from './Dialog.js';
import { InviteDialog } from './InviteDialog.js';
import { Icon } from './Icon.js';
import { useApp } from './context.js';

export function Sidebar({ serverId, channelId }) {
  const { state } = useApp();
  const server = serverId && state.servers[serverId];
  return html`<aside class="sidebar" aria-label=${server ? `${server.name} channels` : 'Direct messages'}>
    ${server ? html`<${ServerChannels} server=${server} channelId=${channelId} />` : html`<${DirectMessages} channelId=${channelId} />`}
    <${UserPanel} />
  </aside>`;
}

function ChannelLink({ channel, active, label, server }) {
  const { state, navigate } = useApp();
  const unread = isUnread(channel, state.unreads);
  const mentions = mentionCount(channel._id, state.unreads);
  const route = { screen: 'channel', server, channel: channel._id };
  return html`<li>
    <a href=${server ? `/server/${server}/channel/${channel._id}` : `/channel/${channel._id}`}
        class=${`channel-link${active ? ' active' : ''}${unread ? ' unread' : ''}`}
        aria-current=${active ? 'page' : undefined}
        onClick=${(e) => { e.preventDefault(); navigate(route); }}>
      <span class="channel-icon" aria-hidden="true">${channel.channel_type === 'VoiceChannel' ? html`<${Icon} name="speaker" size=${16} />` : channel.channel_type === 'TextChannel' ? '#' : '@'}</span>
      <span class="channel-name">${label}</span>
      ${unread && !mentions && html`<span class="visually-hidden">, unread</span>`}
      ${mentions > 0 && html`<span class="badge" aria-label=${`${mentions} mentions`}>${mentions}</span>`}
    </a>
  </li>`;
}

function ServerChannels({ server, channelId }) {
  const { state, actions, navigate } = useApp();
  const [dialog, setDialog] = useState(null);
  const channels = (server.channels ?? []).map((id) => state.channels[id]).filter(Boolean);
  const owner = server.owner === state.me;
  const inviteChannel = channelId ?? channels[0]?._id;
  return html`<div class="sidebar-body">
    <header class="sidebar-header">
      <h2 class="server-name">${server.name}</h2>
      ${inviteChannel && html`<button class="icon-button" aria-label="Invite people" title="Invite people" onClick=${() => setDialog('invite')}><${Icon} name="invite" /></button>`}
    </header>
    <nav aria-label="Channels">
      <div class="section-title">
        <span>Channels</span>
        ${owner && html`<button class="icon-button" aria-label="Create a channel" title="Create a channel" onClick=${() => setDialog('channel')}><${Icon} name="attach" size=${16} /></button>`}
      </div>
      <ul class="channel-list">
        ${channels.map((channel) => html`<${ChannelLink} key=${channel._id} channel=${channel} server=${server._id} active=${channel._id === channelId} label=${channel.name} />`)}
      </ul>
    </nav>
    ${dialog === 'channel' && html`<${PromptDialog} title="Create a channel" label="Channel name" action="Create"
        onClose=${() => setDialog(null)}
        onSubmit=${async (name) => {
          const channel = await actions.createChannel(server._id, name);
          navigate({ screen: 'channel', server: server._id, channel: channel._id });
        }} />`}
    ${dialog === 'invite' && html`<${InviteDialog} channelId=${inviteChannel} serverName=${server.name} onClose=${() => setDialog(null)} />`}
  </div>`;
}

function DirectMessages({ channelId }) {
  const { state } = useApp();
  const channels = Object.values(state.channels).filter((channel) => ['DirectMessage', 'Group', 'SavedMessages'].includes(channel.channel_type));
  const label = (channel) => {
    if (channel.channel_type === 'SavedMessages') return 'Saved notes';
    if (channel.channel_type === 'Group') return channel.name;
    const other = (channel.recipients ?? []).find((id) => id !== state.me);
    return other ? displayName(state, other) : 'Direct message';
  };
  return html`<div class="sidebar-body">
    <header class="sidebar-header"><h2 class="server-name">Direct messages</h2></header>
    <nav aria-label="Conversations">
      <ul class="channel-list">
        ${channels.map((channel) => html`<${ChannelLink} key=${channel._id} channel=${channel} active=${channel._id === channelId} label=${label(channel)} />`)}
      </ul>
      ${channels.length === 0 && html`<p class="hint">Conversations you start from a member's name show here.</p>`}
    </nav>
  </div>`;
}

function UserPanel() {
  const { state, navigate } = useApp();
  const me = state.users[state.me];
  if (!me) return null;
  return html`<div class="user-panel">
    <${Avatar} file=${me.avatar} name=${me.display_name ?? me.username} id=${me._id} size=${32} online=${true} />
    <div class="user-panel-names">
      <strong class="user-panel-name">${me.display_name ?? me.username}</strong>
      <span class="user-panel-status">${me.status?.text ?? `${me.username}#${me.discriminator ?? ''}`}</span>
    </div>
    <button class="icon-button" aria-label="Settings" title="Settings" onClick=${() => navigate('/settings')}><${Icon} name="settings" /></button>
  </div>`;
}

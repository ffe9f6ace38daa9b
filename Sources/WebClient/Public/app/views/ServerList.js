// The column of servers: home (direct messages), each server with its unread dot and mention count, and a button
// to create one.
import { html, useState } from '../vendor/preact-htm.js';
import { serverUnread } from '../state/unreads.js';
import { Avatar } from './Avatar.js';
import { PromptDialog } from './Dialog.js';
import { useApp } from './context.js';

export function ServerList({ activeServer }) {
  const { state, actions, navigate } = useApp();
  const [creating, setCreating] = useState(false);
  const servers = Object.values(state.servers);
  return html`<nav class="server-list" aria-label="Servers">
    <button class=${`server-button${activeServer ? '' : ' active'}`} aria-label="Home" title="Home" onClick=${() => navigate('/')}>
      <img src="/icon.svg" alt="" width="40" height="40" />
    </button>
    <hr />
    ${servers.map((server) => {
      const { unread, mentions } = serverUnread(server, state.channels, state.unreads);
      const label = `${server.name}${mentions ? `, ${mentions} mentions` : unread ? ', unread messages' : ''}`;
      return html`<button key=${server._id} class=${`server-button${server._id === activeServer ? ' active' : ''}${unread ? ' unread' : ''}`}
          aria-label=${label} title=${server.name} aria-current=${server._id === activeServer ? 'page' : undefined}
          onClick=${() => navigate({ screen: 'server', server: server._id })}>
        <${Avatar} file=${server.icon} name=${server.name} id=${server._id} size=${44} />
        ${mentions > 0 && html`<span class="badge">${mentions}</span>`}
      </button>`;
    })}
    <button class="server-button add" aria-label="Create a server" title="Create a server" onClick=${() => setCreating(true)}>+</button>
    ${creating && html`<${PromptDialog} title="Create a server" label="Server name" action="Create"
        onClose=${() => setCreating(false)}
        onSubmit=${async (name) => {
          const { server, channels } = await actions.createServer(name);
          navigate({ screen: 'channel', server: server._id, channel: channels[0]?._id ?? server.channels[0] });
        }} />`}
  </nav>`;
}

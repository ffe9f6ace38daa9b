// A server's members, online first, each with its presence; a click opens a direct message.
import { html, useEffect } from '../vendor/preact-htm.js';
import { displayName } from '../state/reducer.js';
import { Avatar } from './Avatar.js';
import { useApp } from './context.js';

export function MemberList({ serverId }) {
  const { state, actions, navigate } = useApp();
  useEffect(() => { actions.loadMembers(serverId).catch(() => {}); }, [serverId]);
  const prefix = `${serverId}:`;
  const members = Object.entries(state.members).filter(([key]) => key.startsWith(prefix)).map(([, member]) => member);
  const entries = members.map((member) => ({ member, user: state.users[member._id.user], name: displayName(state, member._id.user, serverId) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const online = entries.filter((entry) => entry.user?.online);
  const offline = entries.filter((entry) => !entry.user?.online);

  async function open(user) {
    if (user === state.me) return;
    const channel = await actions.openDirectMessage(user).catch(() => null);
    if (channel) navigate({ screen: 'channel', channel: channel._id });
  }

  const group = (title, list) => list.length > 0 && html`<section>
    <h3 class="section-title">${title} — ${list.length}</h3>
    <ul>
      ${list.map(({ member, user, name }) => html`<li key=${member._id.user}>
        <button class=${`member${user?.online ? '' : ' offline'}`} onClick=${() => open(member._id.user)} aria-label=${`${name}, ${user?.online ? 'online' : 'offline'}`}>
          <${Avatar} file=${member.avatar ?? user?.avatar} name=${name} id=${member._id.user} size=${32} online=${Boolean(user?.online)} />
          <span class="member-name">${name}</span>
          ${user?.status?.text && html`<span class="member-status">${user.status.text}</span>`}
        </button>
      </li>`)}
    </ul>
  </section>`;

  return html`<aside class="member-list" aria-label="Members">
    ${group('Online', online)}
    ${group('Offline', offline)}
  </aside>`;
}

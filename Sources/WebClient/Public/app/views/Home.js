// The screen with no conversation open.
import { html } from '../vendor/preact-htm.js';
import { Icon } from './Icon.js';
import { useApp } from './context.js';

export function Home({ onMenu }) {
  const { state, config } = useApp();
  const me = state.users[state.me];
  const servers = Object.keys(state.servers).length;
  return html`<main class="home" aria-labelledby="home-title">
    <button class="icon-button menu-button" aria-label="Open the channel list" onClick=${onMenu}><${Icon} name="menu" /></button>
    <h1 id="home-title">Welcome to ${config.name}${me ? `, ${me.display_name ?? me.username}` : ''}</h1>
    <p>${servers === 0
      ? 'Create a server with the + on the left, or open an invite link someone sent you.'
      : 'Pick a server on the left, or a conversation.'}</p>
  </main>`;
}

// `/invite/{code}`: what the invite is for, and joining it.
import { html, useEffect, useState } from '../vendor/preact-htm.js';
import { useApp } from './context.js';

export function InviteScreen({ code }) {
  const { actions, navigate, state } = useApp();
  const [invite, setInvite] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    actions.lookUpInvite(code).then(setInvite).catch((failure) => setError(failure.message));
  }, [code]);

  async function join() {
    setBusy(true);
    try {
      const answer = await actions.joinInvite(code);
      const server = answer.server?._id ?? invite.server_id;
      const channel = invite.channel_id ?? answer.channels?.[0]?._id;
      navigate(channel ? { screen: 'channel', server, channel } : { screen: 'server', server });
    } catch (failure) {
      setError(failure.message);
      setBusy(false);
    }
  }

  const member = invite?.server_id && state.servers[invite.server_id];
  return html`<main class="invite-screen" aria-labelledby="invite-title">
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${!invite && !error && html`<p role="status">Looking up the invite…</p>`}
    ${invite && html`<div class="invite-card">
      <p>${invite.user_name ?? 'Someone'} invited you to join</p>
      <h1 id="invite-title">${invite.server_name ?? invite.channel_name}</h1>
      ${invite.channel_name && html`<p class="hint">#${invite.channel_name} · ${invite.member_count ?? '?'} members</p>`}
      ${member
        ? html`<button class="primary" onClick=${() => navigate({ screen: 'server', server: invite.server_id })}>Open</button>`
        : html`<button class="primary" disabled=${busy} onClick=${join}>Join</button>`}
    </div>`}
  </main>`;
}

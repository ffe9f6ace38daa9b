// The user's settings: how their name shows, their picture, their status, desktop notifications, their bots,
// logging out.
import { html, useState } from '../vendor/preact-htm.js';
import { askNotificationPermission, notificationsSupported } from '../client/notifications.js';
import { Avatar } from './Avatar.js';
import { BotSettings } from './BotSettings.js';
import { Icon } from './Icon.js';
import { useApp } from './context.js';

export function Settings() {
  const { state, actions, api, navigate, onSignedOut } = useApp();
  const me = state.users[state.me];
  const [displayName, setDisplayName] = useState(me?.display_name ?? '');
  const [status, setStatus] = useState(me?.status?.text ?? '');
  const [message, setMessage] = useState(null);
  const [error, setError] = useState(null);
  const [uploading, setUploading] = useState(null);
  const [permission, setPermission] = useState(notificationsSupported() ? Notification.permission : 'unsupported');
  if (!me) return html`<main class="settings"><p role="status">Loading…</p></main>`;

  async function save(event) {
    event.preventDefault();
    setError(null);
    try {
      const remove = [];
      const changes = {};
      if (displayName.trim()) changes.display_name = displayName.trim(); else remove.push('DisplayName');
      if (status.trim()) changes.status = { ...(me.status ?? {}), text: status.trim() }; else remove.push('StatusText');
      await actions.updateProfile(changes, remove);
      setMessage('Saved.');
    } catch (failure) {
      setError(failure.message);
    }
  }

  async function chooseAvatar(event) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setError(null);
    try {
      await actions.uploadAvatar(file, setUploading);
      setMessage('Picture changed.');
    } catch (failure) {
      setError(failure.message);
    } finally {
      setUploading(null);
    }
  }

  async function logOut() {
    await api.post('/auth/session/logout').catch(() => {});
    onSignedOut();
  }

  return html`<main class="settings" aria-labelledby="settings-title">
    <header class="channel-header">
      <button class="icon-button" aria-label="Back" onClick=${() => history.length > 1 ? history.back() : navigate('/')}><${Icon} name="back" /></button>
      <h1 id="settings-title">Settings</h1>
    </header>
    <form class="settings-form" onSubmit=${save}>
      <div class="settings-avatar">
        <${Avatar} file=${me.avatar} name=${me.display_name ?? me.username} id=${me._id} size=${80} />
        <label class="button">Change picture<input type="file" accept="image/*" class="visually-hidden" onChange=${chooseAvatar} /></label>
        ${uploading !== null && html`<progress max="1" value=${uploading} aria-label="Uploading the picture"></progress>`}
      </div>
      <p>Username: <strong>${me.username}#${me.discriminator}</strong></p>
      <label>Display name<input name="display_name" maxlength="32" value=${displayName} onInput=${(e) => setDisplayName(e.target.value)} /></label>
      <label>Status<input name="status" maxlength="128" value=${status} onInput=${(e) => setStatus(e.target.value)} /></label>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      ${message && !error && html`<p class="notice" role="status">${message}</p>`}
      <button type="submit" class="primary">Save</button>
    </form>
    <section class="settings-section">
      <h2>Notifications</h2>
      ${permission === 'granted' && html`<p>Desktop notifications are on for messages that mention you.</p>`}
      ${permission === 'denied' && html`<p>Notifications are blocked in this browser's site settings.</p>`}
      ${permission === 'unsupported' && html`<p>This browser cannot show notifications.</p>`}
      ${permission === 'default' && html`<button type="button" onClick=${async () => setPermission(await askNotificationPermission())}>Turn on desktop notifications</button>`}
    </section>
    <${BotSettings} />
    <section class="settings-section">
      <h2>Session</h2>
      <button type="button" class="danger" onClick=${logOut}>Log out</button>
    </section>
  </main>`;
}

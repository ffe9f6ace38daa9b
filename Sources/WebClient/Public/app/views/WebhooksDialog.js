// A channel's webhooks: their URLs to copy (what Discord tooling, GitHub or a script posts to), new ones, deletes.
import { html, useEffect, useState } from '../vendor/preact-htm.js';
import { Dialog } from './Dialog.js';
import { useApp } from './context.js';

export function WebhooksDialog({ channel, onClose }) {
  const { api } = useApp();
  const [hooks, setHooks] = useState(null);
  const [name, setName] = useState('');
  const [error, setError] = useState(null);
  const load = () => api.get(`/channels/${channel._id}/webhooks`).then(setHooks);
  useEffect(() => { load().catch((failure) => setError(failure.message)); }, [channel._id]);
  const urlOf = (hook) => `${api.endpoints.api.startsWith('http') ? '' : location.origin}${api.endpoints.api}/webhooks/${hook.id}/${hook.token}`;

  async function create(event) {
    event.preventDefault();
    setError(null);
    try {
      await api.post(`/channels/${channel._id}/webhooks`, { name: name.trim() });
      setName('');
      await load();
    } catch (failure) {
      setError(failure.message);
    }
  }

  async function remove(hook) {
    setError(null);
    await api.delete(`/webhooks/${hook.id}`).catch((failure) => setError(failure.message));
    await load().catch(() => {});
  }

  return html`<${Dialog} title=${`Webhooks of #${channel.name}`} onClose=${onClose}>
    ${hooks === null && !error && html`<p role="status">Loading…</p>`}
    ${hooks && hooks.length === 0 && html`<p>No webhooks yet. A webhook's URL takes Revolt's and Discord's message bodies, and GitHub's events at …/github.</p>`}
    <ul class="webhook-list">
      ${(hooks ?? []).map((hook) => html`<li class="webhook" key=${hook.id}>
        <strong>${hook.name}</strong>
        <input class="webhook-url" readonly value=${urlOf(hook)} aria-label=${`${hook.name} URL`} onFocus=${(e) => e.target.select()} />
        <button type="button" onClick=${() => navigator.clipboard?.writeText(urlOf(hook)).catch(() => {})}>Copy</button>
        <button type="button" class="danger" onClick=${() => remove(hook)}>Delete</button>
      </li>`)}
    </ul>
    <form onSubmit=${create}>
      <label>New webhook's name<input name="webhook_name" required maxlength="32" value=${name} onInput=${(e) => setName(e.target.value)} /></label>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <div class="dialog-actions">
        <button type="submit">Create</button>
        <button type="button" class="primary" onClick=${onClose}>Done</button>
      </div>
    </form>
  <//>`;
}

// The user's bots, in settings: make one (its token shown once), make it public, give it an interactions endpoint
// (checked by the server with a signed and a forged PING before it is kept), reset its token, delete it, and see the
// deliveries its endpoint never accepted.
import { html, useEffect, useState } from '../vendor/preact-htm.js';
import { ConfirmDialog, PromptDialog } from './Dialog.js';
import { useApp } from './context.js';

export function BotSettings() {
  const { api } = useApp();
  const [bots, setBots] = useState(null);
  const [dialog, setDialog] = useState(null);
  const [error, setError] = useState(null);
  const [shownToken, setShownToken] = useState(null);

  async function load() {
    const answer = await api.get('/bots/@me');
    const names = Object.fromEntries(answer.users.map((user) => [user._id, user.username]));
    setBots(answer.bots.map((bot) => ({ ...bot, username: names[bot._id] ?? bot._id })));
  }
  useEffect(() => { load().catch((failure) => setError(failure.message)); }, []);

  async function create(name) {
    const made = await api.post('/bots/create', { name });
    setShownToken({ bot: made.user?.username ?? name, token: made.token });
    await load();
  }

  return html`<section class="settings-section bots" aria-labelledby="bots-title">
    <h2 id="bots-title">Bots</h2>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${shownToken && html`<div class="bot-token" role="status">
      <p>The token of <strong>${shownToken.bot}</strong>; it is shown only now:</p>
      <input class="token" readonly value=${shownToken.token} onFocus=${(e) => e.target.select()} aria-label="Bot token" />
      <button type="button" onClick=${() => setShownToken(null)}>I have copied it</button>
    </div>`}
    ${bots === null ? html`<p role="status">Loading…</p>` : bots.length === 0 ? html`<p>You have no bots.</p>` : html`
      <ul class="bot-list">${bots.map((bot) => html`<${BotEntry} key=${bot._id} bot=${bot} onChanged=${load} onToken=${setShownToken} />`)}</ul>`}
    <button type="button" onClick=${() => setDialog('create')}>Create a bot</button>
    ${dialog === 'create' && html`<${PromptDialog} title="Create a bot" label="Bot name" action="Create" onClose=${() => setDialog(null)} onSubmit=${create} />`}
  </section>`;
}

function BotEntry({ bot, onChanged, onToken }) {
  const { api } = useApp();
  const [url, setURL] = useState(bot.interactions_url ?? '');
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [failed, setFailed] = useState([]);
  useEffect(() => {
    api.get(`/bots/${bot._id}/deliveries`).then((answer) => setFailed(answer.failed)).catch(() => {});
  }, [bot._id]);

  async function change(body, done) {
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      const updated = await api.patch(`/bots/${bot._id}`, body);
      if (updated.token) onToken({ bot: bot.username, token: updated.token });
      setNotice(done);
      await onChanged();
    } catch (failure) {
      setError(failure.message);
    } finally {
      setBusy(false);
    }
  }

  function saveEndpoint(event) {
    event.preventDefault();
    const trimmed = url.trim();
    change(trimmed ? { interactions_url: trimmed } : { remove: ['InteractionsURL'] }, trimmed ? 'Endpoint checked and saved.' : 'Endpoint removed.');
  }

  return html`<li class="bot" data-bot=${bot._id}>
    <h3>${bot.username}</h3>
    <label class="inline"><input type="checkbox" checked=${bot.public} disabled=${busy}
      onChange=${(e) => change({ public: e.target.checked }, e.target.checked ? 'Anyone can now invite it.' : 'Only you can invite it.')} /> Public</label>
    <form class="bot-endpoint" onSubmit=${saveEndpoint}>
      <label>Interactions endpoint<input name="interactions_url" type="url" placeholder="https://bot.example.com/events" value=${url} onInput=${(e) => setURL(e.target.value)} /></label>
      <button type="submit" disabled=${busy}>${busy ? 'Checking…' : 'Save endpoint'}</button>
    </form>
    ${bot.public_key && html`<p class="public-key">Public key <code>${bot.public_key}</code></p>`}
    ${failed.length > 0 && html`<p class="error">${failed.length} deliveries failed; the last: ${failed[0].error}</p>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${notice && !error && html`<p class="notice" role="status">${notice}</p>`}
    <div class="bot-actions">
      <button type="button" disabled=${busy} onClick=${() => change({ remove: ['Token'] }, 'A new token was made; the old one no longer works.')}>Reset token</button>
      <button type="button" class="danger" onClick=${() => setConfirming(true)}>Delete</button>
    </div>
    ${confirming && html`<${ConfirmDialog} title=${`Delete ${bot.username}?`} text="Its token stops working and it leaves every server."
      onClose=${() => setConfirming(false)}
      onConfirm=${async () => { await api.delete(`/bots/${bot._id}`).catch((failure) => setError(failure.message)); await onChanged(); }} />`}
  </li>`;
}

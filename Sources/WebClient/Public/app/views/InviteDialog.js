// Creates an invite to a channel and shows its link to copy.
import { html, useEffect, useState } from '../vendor/preact-htm.js';
import { Dialog } from './Dialog.js';
import { useApp } from './context.js';

export function InviteDialog({ channelId, serverName, onClose }) {
  const { actions } = useApp();
  const [link, setLink] = useState(null);
  const [error, setError] = useState(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    actions.createInvite(channelId)
      .then((invite) => setLink(`${location.origin}/invite/${invite._id}`))
      .catch((failure) => setError(failure.message));
  }, [channelId]);
  return html`<${Dialog} title=${`Invite people to ${serverName}`} onClose=${onClose}>
    ${error ? html`<p class="error" role="alert">${error}</p>` : html`
      <label>Share this link<input class="invite-link" readonly value=${link ?? 'Creating…'} onFocus=${(e) => e.target.select()} /></label>`}
    <div class="dialog-actions">
      <button type="button" disabled=${!link} onClick=${async () => { await navigator.clipboard?.writeText(link).catch(() => {}); setCopied(true); }}>${copied ? 'Copied' : 'Copy'}</button>
      <button type="button" class="primary" onClick=${onClose}>Done</button>
    </div>
  <//>`;
}

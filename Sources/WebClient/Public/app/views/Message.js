// One message: its author (unless it continues a run by the same author), the content as sanitised Markdown, its
// attachments, embeds and reactions, and what the user may do with it (react, reply, edit, delete).
import { html, useState } from '../vendor/preact-htm.js';
import { renderContent } from '../markdown/render.js';
import { displayName, memberOf } from '../state/reducer.js';
import { ulidTime } from '../state/messages.js';
import { Avatar } from './Avatar.js';
import { Attachment } from './Attachment.js';
import { Embed } from './Embed.js';
import { Reactions, ReactionPicker } from './Reactions.js';
import { ConfirmDialog } from './Dialog.js';
import { Icon } from './Icon.js';
import { formatClock, formatShort } from './time.js';
import { useApp } from './context.js';

export function Message({ message, continued, channel, onReply, editing, setEditing }) {
  const { state, actions } = useApp();
  const [confirming, setConfirming] = useState(false);
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState(null);
  const server = channel.server;
  const author = state.users[message.author];
  const name = message.masquerade?.name ?? message.webhook?.name ?? displayName(state, message.author, server);
  // A webhook's message names its avatar by file id (`webhook.avatar`); a user's comes from the member or user.
  const avatar = message.webhook
    ? message.webhook.avatar && { _id: message.webhook.avatar, tag: 'avatars' }
    : memberOf(state, server, message.author)?.avatar ?? author?.avatar;
  const time = ulidTime(message._id.startsWith('~') ? '' : message._id) || Date.now();
  const mine = message.author === state.me;
  const mayDelete = mine || state.servers[server]?.owner === state.me;
  const nameOf = (kind, id) => (kind === '@' ? displayName(state, id, server) : state.channels[id]?.name ?? 'unknown-channel');
  const mentionsMe = (message.mentions ?? []).includes(state.me);

  async function remove(event) {
    // Shift-click deletes at once, as in other chat clients; otherwise ask first.
    if (event?.shiftKey) await actions.remove(channel._id, message._id).catch((failure) => setError(failure.message));
    else setConfirming(true);
  }

  return html`<li class=${`message${continued ? ' continued' : ''}${message.pending ? ' pending' : ''}${mentionsMe ? ' mentions-me' : ''}`} data-id=${message._id} aria-busy=${message.pending ? 'true' : undefined}>
    ${(message.replies ?? []).map((id) => html`<${ReplyPreview} key=${id} channel=${channel} id=${id} />`)}
    ${continued
      ? html`<time class="message-time-gutter" datetime=${new Date(time).toISOString()}>${formatClock(time)}</time>`
      : html`<${Avatar} file=${avatar} name=${name} id=${message.author} size=${40} />`}
    <div class="message-body">
      ${!continued && html`<div class="message-header">
        <span class="message-author">${name}</span>
        ${(author?.bot || message.webhook) && html`<span class="tag">${message.webhook ? 'WEBHOOK' : 'BOT'}</span>`}
        <time datetime=${new Date(time).toISOString()}>${formatShort(time)}</time>
      </div>`}
      ${editing
        ? html`<${EditBox} message=${message} channel=${channel} onDone=${() => setEditing(null)} />`
        : message.content && html`<div class="message-content" dangerouslySetInnerHTML=${{ __html: renderContent(message.content, nameOf) }}></div>`}
      ${message.edited && !editing && html`<span class="edited" title=${`edited ${formatShort(new Date(message.edited))}`}>(edited)</span>`}
      ${(message.attachments ?? []).map((file) => html`<${Attachment} key=${file._id} file=${file} />`)}
      ${(message.embeds ?? []).map((embed, index) => html`<${Embed} key=${index} embed=${embed} />`)}
      <${Reactions} message=${message} />
      ${error && html`<p class="error" role="alert">${error}</p>`}
    </div>
    ${!message.pending && html`<div class="message-actions" role="toolbar" aria-label="Message actions">
      <button class="icon-button" aria-label="Add a reaction" title="React" onClick=${() => setPicking(!picking)}><${Icon} name="smile" size=${18} /></button>
      <button class="icon-button" aria-label="Reply" title="Reply" onClick=${() => onReply(message)}><${Icon} name="reply" size=${18} /></button>
      ${mine && html`<button class="icon-button" aria-label="Edit" title="Edit" onClick=${() => setEditing(message._id)}><${Icon} name="edit" size=${18} /></button>`}
      ${mayDelete && html`<button class="icon-button danger" aria-label="Delete" title="Delete (Shift-click: no confirmation)" onClick=${remove}><${Icon} name="trash" size=${18} /></button>`}
    </div>`}
    ${picking && html`<${ReactionPicker} onPick=${(emoji) => { setPicking(false); actions.toggleReaction(message, emoji).catch((failure) => setError(failure.message)); }} onClose=${() => setPicking(false)} />`}
    ${confirming && html`<${ConfirmDialog} title="Delete message" text="Delete this message? This cannot be undone."
        onClose=${() => setConfirming(false)}
        onConfirm=${() => actions.remove(channel._id, message._id).catch((failure) => setError(failure.message))} />`}
  </li>`;
}

function ReplyPreview({ channel, id }) {
  const { state } = useApp();
  const replied = state.histories[channel._id]?.list.find((message) => message._id === id);
  return html`<div class="reply-preview">
    <span aria-hidden="true">↱</span>
    ${replied
      ? html`<strong>${displayName(state, replied.author, channel.server)}</strong> <span class="reply-text">${(replied.content ?? 'an attachment').slice(0, 120)}</span>`
      : html`<span class="reply-text">a message not loaded</span>`}
  </div>`;
}

function EditBox({ message, channel, onDone }) {
  const { actions } = useApp();
  const [text, setText] = useState(message.content ?? '');
  const [error, setError] = useState(null);
  async function save() {
    if (text.trim() === (message.content ?? '').trim()) { onDone(); return; }
    try {
      await actions.edit(channel._id, message._id, text);
      onDone();
    } catch (failure) {
      setError(failure.message);
    }
  }
  return html`<div class="edit-box">
    <textarea aria-label="Edit message" value=${text} autofocus rows=${Math.min(8, text.split('\n').length)}
      onInput=${(e) => setText(e.target.value)}
      onKeyDown=${(e) => {
        if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); save(); }
        if (e.key === 'Escape') onDone();
      }}></textarea>
    <span class="hint">Enter to save · Escape to cancel</span>
    ${error && html`<p class="error" role="alert">${error}</p>`}
  </div>`;
}

// Writing a message: Enter sends, Shift+Enter starts a new line, ↑ in an empty box edits the last message sent.
// Files come from the picker, a drop or a paste, are previewed before sending and each shows its upload's progress;
// a refused upload shows the server's reason and nothing is sent. Typing is announced to the channel while it lasts.
import { html, useEffect, useRef, useState } from '../vendor/preact-htm.js';
import { displayName } from '../state/reducer.js';
import { formatBytes } from '../api/errors.js';
import { GifPicker } from './GifPicker.js';
import { Icon } from './Icon.js';
import { useApp } from './context.js';

const typingRenewal = 3000;
const maxFiles = 5;

export function Composer({ channel, title, replyTo, onClearReply, onEditLast }) {
  const { state, actions, gateway } = useApp();
  const [text, setText] = useState('');
  const [files, setFiles] = useState([]);
  const [progress, setProgress] = useState([]);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState(null);
  const [dragging, setDragging] = useState(false);
  const [gifs, setGifs] = useState(false);
  const input = useRef(null);
  const picker = useRef(null);
  const typingSent = useRef(0);

  useEffect(() => () => files.forEach((file) => URL.revokeObjectURL(file.preview)), [files]);
  useEffect(() => { if (replyTo) input.current?.focus(); }, [replyTo]);

  function announceTyping(value) {
    const now = Date.now();
    if (value && now - typingSent.current > typingRenewal) {
      gateway.current?.send({ type: 'BeginTyping', channel: channel._id });
      typingSent.current = now;
    } else if (!value && typingSent.current) {
      stopTyping();
    }
  }

  function stopTyping() {
    if (!typingSent.current) return;
    gateway.current?.send({ type: 'EndTyping', channel: channel._id });
    typingSent.current = 0;
  }

  function addFiles(list) {
    const added = [...list].slice(0, maxFiles - files.length).map((file) => ({
      file, preview: file.type.startsWith('image/') ? URL.createObjectURL(file) : null,
    }));
    if (added.length) { setFiles([...files, ...added]); setError(null); }
  }

  async function send(content = text) {
    if (sending || (!content.trim() && files.length === 0)) return;
    setSending(true);
    setError(null);
    stopTyping();
    const sentFiles = files;
    const replies = replyTo ? [{ id: replyTo._id, mention: false }] : [];
    setProgress(sentFiles.map(() => 0));
    // The box is cleared at once for text-only messages (they show as pending); with files it waits for the uploads.
    if (sentFiles.length === 0) { setText(''); onClearReply(); }
    try {
      await actions.send(channel._id, { content: content.trim(), files: sentFiles.map((entry) => entry.file), replies }, (index, share) => {
        setProgress((current) => current.map((value, i) => (i === index ? share : value)));
      });
      if (sentFiles.length) { setText(''); setFiles([]); onClearReply(); }
    } catch (failure) {
      setError(failure.message);
      if (sentFiles.length === 0) setText(content);
    } finally {
      setSending(false);
      setProgress([]);
      input.current?.focus();
    }
  }

  function onKeyDown(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    } else if (event.key === 'ArrowUp' && !text) {
      const mine = (state.histories[channel._id]?.list ?? []).findLast((message) => message.author === state.me && !message.pending);
      if (mine) { event.preventDefault(); onEditLast(mine._id); }
    } else if (event.key === 'Escape' && replyTo) {
      onClearReply();
    }
  }

  return html`<form class=${`composer${dragging ? ' dragging' : ''}`} onSubmit=${(e) => { e.preventDefault(); send(); }}
      onDragOver=${(e) => { e.preventDefault(); setDragging(true); }} onDragLeave=${() => setDragging(false)}
      onDrop=${(e) => { e.preventDefault(); setDragging(false); addFiles(e.dataTransfer.files); }}>
    ${replyTo && html`<div class="reply-bar">Replying to <strong>${displayName(state, replyTo.author, channel.server)}</strong>
      <button type="button" class="icon-button" aria-label="Cancel the reply" onClick=${onClearReply}><${Icon} name="close" size=${16} /></button></div>`}
    ${files.length > 0 && html`<ul class="upload-tray" aria-label="Files to send">
      ${files.map((entry, index) => html`<li key=${entry.file.name + index} class="upload-item">
        ${entry.preview ? html`<img src=${entry.preview} alt="" width="96" height="96" />` : html`<span class="file-icon"><${Icon} name="file" size=${32} /></span>`}
        <span class="file-name">${entry.file.name}</span>
        <span class="file-size">${formatBytes(entry.file.size)}</span>
        ${sending ? html`<progress max="1" value=${progress[index] ?? 0} aria-label=${`Uploading ${entry.file.name}`}></progress>`
          : html`<button type="button" class="icon-button" aria-label=${`Remove ${entry.file.name}`} onClick=${() => setFiles(files.filter((_, i) => i !== index))}><${Icon} name="close" size=${16} /></button>`}
      </li>`)}
    </ul>`}
    ${error && html`<p class="error composer-error" role="alert">${error}</p>`}
    <div class="composer-row">
      <button type="button" class="icon-button" aria-label="Attach files" title="Attach files" disabled=${sending || files.length >= maxFiles} onClick=${() => picker.current.click()}><${Icon} name="attach" /></button>
      <input type="file" multiple class="visually-hidden" ref=${picker} aria-hidden="true" tabindex="-1" onChange=${(e) => { addFiles(e.target.files); e.target.value = ''; }} />
      <textarea ref=${input} class="composer-input" rows="1" aria-label=${`Message ${title}`} placeholder=${`Message ${channel.server ? '#' : '@'}${title}`}
        value=${text} maxlength="2000"
        onInput=${(e) => { setText(e.target.value); announceTyping(e.target.value); }}
        onKeyDown=${onKeyDown}
        onPaste=${(e) => { if (e.clipboardData?.files?.length) { e.preventDefault(); addFiles(e.clipboardData.files); } }}></textarea>
      <button type="button" class="icon-button gif-button" aria-label="Send a GIF" aria-expanded=${gifs} onClick=${() => setGifs(!gifs)}>GIF</button>
      <button type="submit" class="send-button" aria-label="Send" disabled=${sending}><${Icon} name="send" size=${18} /></button>
    </div>
    ${gifs && html`<${GifPicker} onClose=${() => setGifs(false)} onPick=${(url) => { setGifs(false); send(url); }} />`}
  </form>`;
}

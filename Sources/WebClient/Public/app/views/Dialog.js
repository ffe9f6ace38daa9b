// A modal dialog on the native <dialog> element: focus stays inside, Escape closes it.
import { html, useEffect, useRef } from '../vendor/preact-htm.js';

export function Dialog({ title, onClose, children }) {
  const ref = useRef(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.open && dialog.close();
  }, []);
  return html`<dialog ref=${ref} class="dialog" aria-labelledby="dialog-title" onClose=${onClose} onCancel=${(e) => { e.preventDefault(); onClose(); }}>
    <h2 id="dialog-title">${title}</h2>
    ${children}
  </dialog>`;
}

/** Asks before something that cannot be undone; `onConfirm` runs on yes. */
export function ConfirmDialog({ title, text, action = 'Delete', onConfirm, onClose }) {
  return html`<${Dialog} title=${title} onClose=${onClose}>
    <p>${text}</p>
    <div class="dialog-actions">
      <button type="button" onClick=${onClose}>Cancel</button>
      <button type="button" class="danger" autofocus onClick=${() => { onConfirm(); onClose(); }}>${action}</button>
    </div>
  <//>`;
}

/** Asks for one line of text (a server's or channel's name). */
export function PromptDialog({ title, label, action, initial = '', maxLength = 32, onSubmit, onClose }) {
  let value = initial;
  let errorNode = null;
  async function submit(event) {
    event.preventDefault();
    try {
      await onSubmit(value.trim());
      onClose();
    } catch (failure) {
      if (errorNode) errorNode.textContent = failure.message;
    }
  }
  return html`<${Dialog} title=${title} onClose=${onClose}>
    <form onSubmit=${submit}>
      <label>${label}<input name="name" required maxlength=${maxLength} value=${initial} autofocus onInput=${(e) => { value = e.target.value; }} /></label>
      <p class="error" role="alert" ref=${(node) => { errorNode = node; }}></p>
      <div class="dialog-actions">
        <button type="button" onClick=${onClose}>Cancel</button>
        <button type="submit" class="primary">${action}</button>
      </div>
    </form>
  <//>`;
}

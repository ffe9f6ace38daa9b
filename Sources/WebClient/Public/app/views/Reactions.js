// Reactions under a message (each emoji with its count, pressed when the user reacted) and a small picker.
import { html, useEffect, useRef } from '../vendor/preact-htm.js';
import { displayName } from '../state/reducer.js';
import { useApp } from './context.js';

export const quickReactions = ['👍', '❤️', '😂', '🎉', '😮', '😢', '👀', '✅'];

export function Reactions({ message }) {
  const { state, actions } = useApp();
  const entries = Object.entries(message.reactions ?? {}).filter(([, users]) => users.length > 0);
  if (entries.length === 0) return null;
  return html`<div class="reactions">
    ${entries.map(([emoji, users]) => {
      const mine = users.includes(state.me);
      const who = users.slice(0, 5).map((user) => displayName(state, user)).join(', ');
      return html`<button key=${emoji} class=${`reaction${mine ? ' mine' : ''}`} aria-pressed=${mine}
          aria-label=${`${emoji}, ${users.length} ${users.length === 1 ? 'reaction' : 'reactions'}`} title=${who}
          onClick=${() => actions.toggleReaction(message, emoji).catch(() => {})}>
        <span class="reaction-emoji">${emoji}</span><span class="reaction-count">${users.length}</span>
      </button>`;
    })}
  </div>`;
}

export function ReactionPicker({ onPick, onClose }) {
  const ref = useRef(null);
  useEffect(() => {
    ref.current?.querySelector('button')?.focus();
    const onKey = (event) => { if (event.key === 'Escape') onClose(); };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return html`<div class="reaction-picker" role="menu" aria-label="Pick a reaction" ref=${ref}>
    ${quickReactions.map((emoji) => html`<button role="menuitem" key=${emoji} aria-label=${`React with ${emoji}`} onClick=${() => onPick(emoji)}>${emoji}</button>`)}
  </div>`;
}

// A user's or server's picture, or its initial on a colour derived from its id when it has none.
import { html } from '../vendor/preact-htm.js';
import { fileURL } from '../api/http.js';
import { useApp } from './context.js';

const palette = ['#5865f2', '#3ba55d', '#faa61a', '#ed4245', '#9b59b6', '#1abc9c', '#e67e22', '#607d8b'];

export function Avatar({ file, name, id, size = 40, online }) {
  const { config } = useApp();
  const colour = palette[[...(id ?? name ?? '')].reduce((sum, character) => sum + character.charCodeAt(0), 0) % palette.length];
  const picture = file
    ? html`<img class="avatar-image" src=${fileURL(config.endpoints, file)} alt="" width=${size} height=${size} loading="lazy" />`
    : html`<span class="avatar-initial" style=${{ background: colour }} aria-hidden="true">${(name ?? '?').trim().charAt(0).toUpperCase()}</span>`;
  return html`<span class="avatar" style=${{ width: `${size}px`, height: `${size}px` }}>
    ${picture}${online !== undefined && html`<span class=${`presence ${online ? 'online' : 'offline'}`} aria-label=${online ? 'online' : 'offline'}></span>`}
  </span>`;
}

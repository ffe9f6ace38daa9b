// Link embeds as the link proxy describes them (Revolt's January shapes): website cards, pictures, videos, and the
// players of YouTube, Twitch and Spotify (loaded only when asked, so a channel full of links stays light). Remote
// pictures come through the link proxy, as the page's CSP requires.
import { html, useState } from '../vendor/preact-htm.js';
import { proxiedURL } from '../api/http.js';
import { isSafeURL } from '../markdown/toHTML.js';
import { fitted } from './Attachment.js';
import { useApp } from './context.js';

export function Embed({ embed }) {
  const { config } = useApp();
  const proxy = (url) => proxiedURL(config.endpoints, url);
  switch (embed.type) {
    case 'Image': {
      const box = fitted(embed.width, embed.height);
      return html`<img class="embed-image" src=${proxy(embed.url)} alt="" width=${box.width} height=${box.height} loading="lazy" />`;
    }
    case 'Video': {
      const box = fitted(embed.width, embed.height);
      return html`<video class="embed-video" src=${proxy(embed.url)} controls preload="metadata" width=${box.width} height=${box.height}></video>`;
    }
    case 'Website':
    case 'Text':
      return html`<${Card} embed=${embed} proxy=${proxy} />`;
    default:
      return null;
  }
}

function Card({ embed, proxy }) {
  const link = embed.url && isSafeURL(embed.url) ? embed.url : null;
  const accent = /^#[0-9a-f]{3,8}$/i.test(embed.colour ?? '') ? embed.colour : undefined;
  const special = embed.special?.type && embed.special.type !== 'None' ? embed.special : null;
  const image = embed.image && !special ? embed.image : null;
  return html`<article class="embed-card" style=${accent ? { borderLeftColor: accent } : undefined} aria-label=${`Link preview: ${embed.title ?? embed.site_name ?? embed.url ?? ''}`}>
    ${embed.site_name && html`<div class="embed-site">${embed.icon_url && html`<img src=${proxy(embed.icon_url)} alt="" width="16" height="16" />`}${embed.site_name}</div>`}
    ${embed.title && (link
      ? html`<a class="embed-title" href=${link} target="_blank" rel="noopener noreferrer nofollow">${embed.title}</a>`
      : html`<div class="embed-title">${embed.title}</div>`)}
    ${embed.description && html`<p class="embed-description">${embed.description.slice(0, 350)}</p>`}
    ${special && html`<${Player} special=${special} image=${embed.image} proxy=${proxy} />`}
    ${image && image.size === 'Large' && html`<img class="embed-image" src=${proxy(image.url)} alt="" width=${fitted(image.width, image.height).width} height=${fitted(image.width, image.height).height} loading="lazy" />`}
    ${image && image.size !== 'Large' && html`<img class="embed-thumbnail" src=${proxy(image.url)} alt="" width="80" height="80" loading="lazy" />`}
  </article>`;
}

/** The player of a known site, behind a click: its frame is only loaded when the user asks for it. */
function Player({ special, image, proxy }) {
  const [open, setOpen] = useState(false);
  const source = playerURL(special);
  if (!source) return null;
  if (!open) {
    return html`<button class="embed-play" onClick=${() => setOpen(true)} aria-label=${`Play on ${special.type}`}>
      ${image && html`<img src=${proxy(image.url)} alt="" width="400" height="225" loading="lazy" />`}
      <span class="play-icon" aria-hidden="true">▶</span>
    </button>`;
  }
  const audio = special.type === 'Spotify';
  return html`<iframe class=${`embed-player${audio ? ' audio' : ''}`} src=${source} title=${`${special.type} player`}
    allow="autoplay; encrypted-media; fullscreen; picture-in-picture" sandbox="allow-scripts allow-same-origin allow-popups allow-presentation" loading="lazy"></iframe>`;
}

export function playerURL(special) {
  const id = encodeURIComponent(special.id ?? '');
  switch (special.type) {
    case 'YouTube': return `https://www.youtube-nocookie.com/embed/${id}?autoplay=1`;
    case 'Twitch':
      return special.content_type === 'Clip'
        ? `https://clips.twitch.tv/embed?clip=${id}&parent=${location.hostname}`
        : `https://player.twitch.tv/?${special.content_type === 'Video' ? 'video' : 'channel'}=${id}&parent=${location.hostname}`;
    case 'Spotify': return `https://open.spotify.com/embed/${encodeURIComponent((special.content_type ?? 'track').toLowerCase())}/${id}`;
    default: return null;
  }
}

// A message's file: pictures as previews with their ThumbHash placeholder until they load (animated ones animate),
// videos inline with a poster, audio with a player, anything else as a download card.
import { html, useState } from '../vendor/preact-htm.js';
import { fileURL } from '../api/http.js';
import { formatBytes } from '../api/errors.js';
import { thumbHashDataURL } from '../media/thumbhash.js';
import { Icon } from './Icon.js';
import { useApp } from './context.js';

const maxWidth = 400;
const maxHeight = 320;

/** A box of at most 400 × 320 with the picture's aspect ratio. */
export function fitted(width, height) {
  if (!width || !height) return { width: maxWidth, height: maxHeight * 0.75 };
  const scale = Math.min(1, maxWidth / width, maxHeight / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export function Attachment({ file }) {
  const { config } = useApp();
  const metadata = file.metadata ?? {};
  const original = fileURL(config.endpoints, file, { original: true });
  switch (metadata.type) {
    case 'Image': return html`<${Picture} file=${file} metadata=${metadata} original=${original} />`;
    case 'Video': {
      const box = fitted(metadata.width, metadata.height);
      return html`<video class="attachment-video" controls preload="metadata" src=${original} width=${box.width} height=${box.height} aria-label=${file.filename}></video>`;
    }
    case 'Audio':
      return html`<div class="attachment-card"><span class="file-name">${file.filename}</span><audio controls preload="none" src=${original} aria-label=${file.filename}></audio></div>`;
    default:
      return html`<a class="attachment-card" href=${original} download=${file.filename} rel="noopener">
        <span class="file-icon"><${Icon} name="file" size=${32} /></span>
        <span class="file-name">${file.filename}</span>
        <span class="file-size">${formatBytes(file.size ?? 0)}</span>
      </a>`;
  }
}

function Picture({ file, metadata, original }) {
  const { config } = useApp();
  const [loaded, setLoaded] = useState(false);
  const box = fitted(metadata.width, metadata.height);
  const placeholder = metadata.thumbhash ? thumbHashDataURL(metadata.thumbhash) : null;
  return html`<a class="attachment-picture" href=${original} target="_blank" rel="noopener" style=${{ width: `${box.width}px`, height: `${box.height}px` }} aria-label=${`Open ${file.filename}`}>
    ${placeholder && !loaded && html`<img class="placeholder" src=${placeholder} alt="" width=${box.width} height=${box.height} />`}
    <img class=${`preview${loaded ? ' loaded' : ''}`} src=${fileURL(config.endpoints, file)} alt=${file.filename} width=${box.width} height=${box.height} loading="lazy" decoding="async" onLoad=${() => setLoaded(true)} />
  </a>`;
}

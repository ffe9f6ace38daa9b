// Message content to safe HTML in the browser: Markdown (toHTML.js), then DOMPurify with a short list of tags, then
// mentions as names. Every string a user wrote reaches the page through here or as plain text.
import DOMPurify from '../vendor/purify.js';
import { escapeHTML, isPlainText, markdownToHTML, replaceMentionMarkers } from './toHTML.js';

const allowed = {
  ALLOWED_TAGS: ['a', 'b', 'strong', 'i', 'em', 'del', 's', 'code', 'pre', 'blockquote', 'p', 'br', 'ul', 'ol', 'li', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span'],
  ALLOWED_ATTR: ['href', 'title', 'target', 'rel', 'class'],
  ALLOW_DATA_ATTR: false,
  ALLOWED_URI_REGEXP: /^(?:https?|mailto):/i,
};

const cache = new Map();
const cacheLimit = 2000;

/** Sanitised HTML for `content`; `nameOf(kind, id)` names a mentioned user (`@`) or channel (`#`). */
export function renderContent(content, nameOf) {
  const key = content;
  let sanitised = cache.get(key);
  if (sanitised === undefined) {
    // Most chat lines have no Markdown at all: they are escaped as they are, without parsing or sanitising.
    sanitised = isPlainText(content) ? `<p>${escapeHTML(content)}</p>` : DOMPurify.sanitize(markdownToHTML(content), allowed);
    if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value);
    cache.set(key, sanitised);
  }
  return replaceMentionMarkers(sanitised, (kind, id) =>
    `<span class="mention" data-kind="${kind === '@' ? 'user' : 'channel'}">${kind}${escapeHTML(nameOf(kind, id))}</span>`);
}

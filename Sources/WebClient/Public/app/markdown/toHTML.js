// Message Markdown to HTML, before sanitising: raw HTML in a message is shown as text, links only for http(s) and
// mailto, and mentions (`<@user>`, `<#channel>`) kept as markers the browser side replaces with names. Pure (marked
// runs without a DOM), so node tests cover what a message can turn into.
import { marked } from '../vendor/marked.js';

const markerOpen = '\uE000';
const markerClose = '\uE001';
const mentionPattern = /<([@#])([0-9A-HJKMNP-TV-Z]{26})>/g;

export function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]);
}

/** Whether a link target may become a link: absolute http(s) and mailto only. */
export function isSafeURL(href) {
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'mailto:';
  } catch {
    return false;
  }
}

const renderer = new marked.Renderer();
renderer.html = (html) => escapeHTML(html);
renderer.link = (href, title, text) => {
  if (!isSafeURL(href)) return text;
  const titled = title ? ` title="${escapeHTML(title)}"` : '';
  return `<a href="${escapeHTML(href)}"${titled} target="_blank" rel="noopener noreferrer nofollow">${text}</a>`;
};
// Pictures in Markdown are not fetched from anywhere the author chooses: they show as links.
renderer.image = (href, title, text) => renderer.link(href, title, escapeHTML(text || href));
renderer.heading = (text, level) => `<p class="heading heading-${level}">${text}</p>`;

const options = { renderer, gfm: true, breaks: true, headerIds: false, mangle: false, silent: true };

/**
 * Whether a content is plain text that Markdown would leave as one paragraph: no formatting characters, no line
 * breaks, no links, no mentions, nothing that starts a block. Such a line needs no parsing.
 */
export function isPlainText(content) {
  const text = String(content ?? '');
  return text.length > 0 && text.length < 500 && !/[*_`~\[\]()<>&#|\\!\n\uE000\uE001]|https?:|www\.|^\s|^[-+=>\d]|\s$/.test(text);
}

/** The HTML of a message's content, with mentions as markers (`mentionMarkers` lists them). */
export function markdownToHTML(content) {
  const clean = String(content ?? '').replace(/[\uE000\uE001]/g, '');
  const marked_ = clean.replace(mentionPattern, (_, kind, id) => `${markerOpen}${kind}${id}${markerClose}`);
  return marked.parse(marked_, options);
}

/** `html` with each mention marker replaced by `render(kind, id)` (already-escaped HTML). */
export function replaceMentionMarkers(html, render) {
  return html.replace(/\uE000([@#])([0-9A-HJKMNP-TV-Z]{26})\uE001/g, (_, kind, id) => render(kind, id));
}

/** The users a content mentions (`<@id>`), in order, once each. */
export function mentionedUsers(content) {
  const ids = [];
  for (const match of String(content ?? '').matchAll(mentionPattern)) {
    if (match[1] === '@' && !ids.includes(match[2])) ids.push(match[2]);
  }
  return ids;
}

/** The first http(s) links in a content, as the server extracts them for embeds. */
export function linksIn(content) {
  return [...String(content ?? '').matchAll(/https?:\/\/[^\s<>"')\]]+/g)].map((match) => match[0]);
}

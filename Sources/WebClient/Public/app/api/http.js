// Requests to the chat API, the file server, the link proxy and GIF search, with the session's token, errors as
// ApiError, and a 401 handed to `onUnauthorized` (the app then goes back to the login screen).
import { ApiError } from './errors.js';

export function createApi(endpoints, { token, onUnauthorized }) {
  async function request(method, url, body, { headers = {}, signal } = {}) {
    const init = { method, headers: { ...headers }, signal };
    const current = token();
    if (current) init.headers['X-Session-Token'] = current;
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(url, init);
    const text = await response.text();
    let parsed = null;
    if (text) {
      try { parsed = JSON.parse(text); } catch { parsed = { type: `HTTP ${response.status}`, error: text.slice(0, 200) }; }
    }
    if (!response.ok) {
      if (response.status === 401 && current) onUnauthorized();
      throw new ApiError(response.status, parsed);
    }
    return parsed;
  }
  const api = (path) => endpoints.api + path;
  return {
    endpoints,
    get: (path, options) => request('GET', api(path), undefined, options),
    post: (path, body, options) => request('POST', api(path), body ?? {}, options),
    put: (path, body, options) => request('PUT', api(path), body, options),
    patch: (path, body, options) => request('PATCH', api(path), body ?? {}, options),
    delete: (path, options) => request('DELETE', api(path), undefined, options),
    gifs: (path, options) => request('GET', endpoints.gifbox + path, undefined, options),
  };
}

/** The URL of a stored file's preview (`tag` as the file server names its buckets) or original. */
export function fileURL(endpoints, file, { original = false } = {}) {
  if (!file) return null;
  const base = `${endpoints.autumn}/${file.tag}/${file._id}`;
  return original ? `${base}/${encodeURIComponent(file.filename ?? 'file')}` : base;
}

/** A remote picture through the link proxy (the page itself only loads pictures from its own origin). */
export function proxiedURL(endpoints, url) {
  if (!url) return null;
  if (url.startsWith('/') || url.startsWith(location.origin)) return url;
  return `${endpoints.january}/proxy?url=${encodeURIComponent(url)}`;
}

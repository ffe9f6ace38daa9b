// GIF search through the server's gifbox routes: trending and categories first, search as you type, the next page
// loaded as the grid scrolls (the `next` position the server answers). Previews come through the link proxy (the
// page loads no picture from elsewhere). Picking one sends its link; the link proxy turns it into a picture embed.
import { html, useEffect, useRef, useState } from '../vendor/preact-htm.js';
import { proxiedURL } from '../api/http.js';
import { useApp } from './context.js';

const pageSize = 24;

export function GifPicker({ onPick, onClose }) {
  const { api, config } = useApp();
  const [query, setQuery] = useState('');
  const [categories, setCategories] = useState([]);
  const [results, setResults] = useState([]);
  const [next, setNext] = useState(null);
  const [error, setError] = useState(null);
  const loading = useRef(false);
  const generation = useRef(0);

  const path = (position) => {
    const paging = `limit=${pageSize}${position ? `&position=${encodeURIComponent(position)}` : ''}`;
    return query.trim() ? `/search?query=${encodeURIComponent(query.trim())}&${paging}` : `/trending?${paging}`;
  };

  async function load(position) {
    if (loading.current && position) return;
    loading.current = true;
    const mine = ++generation.current;
    try {
      const answer = await api.gifs(path(position));
      if (mine !== generation.current) return;
      setResults((current) => (position ? [...current, ...answer.results] : answer.results));
      setNext(answer.next || null);
      setError(null);
    } catch (failure) {
      if (mine === generation.current) setError(failure.message);
    } finally {
      if (mine === generation.current) loading.current = false;
    }
  }

  useEffect(() => { api.gifs('/categories').then((answer) => setCategories(Array.isArray(answer) ? answer : [])).catch(() => {}); }, []);
  useEffect(() => {
    const timer = setTimeout(() => load(null), query ? 300 : 0);
    return () => clearTimeout(timer);
  }, [query]);
  useEffect(() => {
    const onKey = (event) => { if (event.key === 'Escape') onClose(); };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  function onScroll(event) {
    const grid = event.currentTarget;
    if (next && grid.scrollHeight - grid.scrollTop - grid.clientHeight < 300) load(next);
  }

  return html`<div class="gif-picker" role="dialog" aria-label="GIFs">
    <input type="search" class="gif-search" placeholder="Search GIFs" aria-label="Search GIFs" autofocus value=${query} onInput=${(e) => setQuery(e.target.value)} />
    ${!query && categories.length > 0 && html`<div class="gif-categories">
      ${categories.slice(0, 12).map((category) => html`<button key=${category.title} class="gif-category" onClick=${() => setQuery(category.title)}>${category.title}</button>`)}
    </div>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <div class="gif-grid" onScroll=${onScroll}>
      ${results.map((gif) => {
        const small = gif.media_formats?.tinygif ?? gif.media_formats?.gif;
        const full = gif.media_formats?.gif ?? small;
        if (!small?.url) return null;
        return html`<button key=${gif.id} class="gif-result" aria-label=${`Send ${gif.title || 'this GIF'}`} onClick=${() => onPick(full.url)}>
          <img src=${proxiedURL(config.endpoints, small.url)} alt=${gif.title ?? ''} loading="lazy" />
        </button>`;
      })}
    </div>
  </div>`;
}

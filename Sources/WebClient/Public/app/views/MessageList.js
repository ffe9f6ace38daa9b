// The messages of a channel, oldest at the top. Scrolling near the top loads the page before (one request at a
// time), keeping the previously first message where it was; new messages keep the view at the bottom when it was
// there; what is seen at the bottom is acknowledged.
import { html, useEffect, useLayoutEffect, useMemo, useRef } from '../vendor/preact-htm.js';
import { groupMessages } from '../state/messages.js';
import { Message } from './Message.js';
import { formatDay } from './time.js';
import { useApp } from './context.js';

const loadThreshold = 400;

export function MessageList({ channel, history, onReply, editing, setEditing }) {
  const { actions, state } = useApp();
  const scroller = useRef(null);
  const anchor = useRef(null);
  const atBottom = useRef(true);
  const rows = useMemo(() => groupMessages(history?.list ?? []), [history?.list]);
  const last = history?.list.findLast?.((message) => !message.pending);

  // Marks when the first messages are on screen, for performance measurements (Benchmarks/web reads it).
  useEffect(() => {
    if (rows.length > 0 && performance.getEntriesByName('messages-visible').length === 0) {
      requestAnimationFrame(() => performance.mark('messages-visible'));
    }
  }, [rows.length > 0]);

  // Before a page of older messages is drawn, remember the first row and its position; after, put it back there.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (anchor.current) {
      const row = element.querySelector(`[data-id="${anchor.current.id}"]`);
      if (row) element.scrollTop += row.offsetTop - anchor.current.top;
      anchor.current = null;
    } else if (atBottom.current) {
      element.scrollTop = element.scrollHeight;
    }
  }, [rows]);

  async function loadOlder() {
    const element = scroller.current;
    if (!element || !history || history.atStart || actions.isLoadingOlder(channel._id)) return;
    const first = element.querySelector('[data-id]');
    if (first) anchor.current = { id: first.dataset.id, top: first.offsetTop };
    try {
      const loaded = await actions.loadOlder(channel._id);
      if (!loaded) anchor.current = null;
    } catch {
      anchor.current = null;
    }
  }

  function onScroll() {
    const element = scroller.current;
    atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 60;
    if (element.scrollTop < loadThreshold) loadOlder();
    if (atBottom.current) acknowledge();
  }

  const acknowledged = useRef(null);
  function acknowledge() {
    if (!last || document.hidden || acknowledged.current === last._id) return;
    const seen = state.unreads[channel._id]?.lastId;
    if (!seen || seen < last._id) {
      acknowledged.current = last._id;
      actions.acknowledge(channel._id, last._id).catch(() => { acknowledged.current = null; });
    }
  }

  // A short first page may not fill the screen: keep loading until it scrolls or the start is reached.
  useEffect(() => {
    const element = scroller.current;
    if (element && history?.loaded && !history.atStart && element.scrollHeight <= element.clientHeight + loadThreshold) loadOlder();
    if (atBottom.current) acknowledge();
  }, [history?.list.length, history?.loaded]);

  useEffect(() => {
    const onVisible = () => { if (!document.hidden && atBottom.current) acknowledge(); };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  });

  return html`<div class="message-scroller" ref=${scroller} onScroll=${onScroll} role="log" aria-label=${`Messages in ${channel.name ?? 'this conversation'}`} tabindex="0">
    ${history?.atStart && html`<div class="channel-start"><h2>This is the start of ${channel.name ? `#${channel.name}` : 'the conversation'}.</h2></div>`}
    ${history && !history.atStart && html`<div class="loading-older" role="status">Loading older messages…</div>`}
    ${!history && html`<div class="loading-older" role="status">Loading messages…</div>`}
    <ol class="message-list">
      ${rows.map((row) => row.kind === 'day'
        ? html`<li key=${row.key} class="day-divider" role="separator"><span>${formatDay(row.time)}</span></li>`
        : html`<${Message} key=${row.key} message=${row.message} continued=${row.continued} channel=${channel} onReply=${onReply} editing=${editing === row.message._id} setEditing=${setEditing} />`)}
    </ol>
  </div>`;
}

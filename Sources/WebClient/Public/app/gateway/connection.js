// The client's one WebSocket to the gateway (Revolt's Bonfire protocol, JSON): authenticates, keeps the connection
// alive with Ping, and after any drop reconnects with backoff and resumes from the last event it saw, so nothing is
// missed or shown twice. `onStatus` hears 'connecting', 'ready' and 'reconnecting'; `onEvent` every event.
import { reconnectDelay } from './backoff.js';

const pingInterval = 20_000;
// Closes after which reconnecting cannot help: the session ended (logout, revoked token).
const finalCloseCodes = new Set([4003]);

export function connectGateway({ url, token, onEvent, onStatus, onSessionEnded }) {
  let socket = null;
  let lastSeq = null;
  let attempt = 0;
  let stopped = false;
  let pingTimer = null;
  let retryTimer = null;

  function open() {
    clearTimeout(retryTimer);
    onStatus(attempt === 0 && lastSeq === null ? 'connecting' : 'reconnecting');
    socket = new WebSocket(`${url}?version=1&format=json`);
    const current = socket;
    current.onopen = () => {
      const authenticate = { type: 'Authenticate', token };
      if (lastSeq) authenticate.resume = lastSeq;
      current.send(JSON.stringify(authenticate));
      clearInterval(pingTimer);
      pingTimer = setInterval(() => send({ type: 'Ping', data: Date.now() }), pingInterval);
    };
    current.onmessage = (message) => {
      if (typeof message.data !== 'string') return;
      let event;
      try { event = JSON.parse(message.data); } catch { return; }
      if (event.seq) lastSeq = event.seq;
      switch (event.type) {
        case 'Authenticated':
        case 'Pong':
        case 'ResumeFailed':
          return;
        case 'Ready':
          attempt = 0;
          onEvent(event);
          onStatus('ready');
          return;
        case 'Resumed':
          attempt = 0;
          onStatus('ready');
          return;
        case 'Error':
          if (event.error === 'InvalidSession') end();
          return;
        case 'Logout':
          end();
          return;
        default:
          onEvent(event);
      }
    };
    current.onclose = (close) => {
      clearInterval(pingTimer);
      if (current !== socket || stopped) return;
      if (finalCloseCodes.has(close.code)) { end(); return; }
      scheduleRetry();
    };
  }

  function scheduleRetry() {
    onStatus('reconnecting');
    retryTimer = setTimeout(open, reconnectDelay(attempt++));
  }

  function end() {
    if (stopped) return;
    stop();
    onSessionEnded();
  }

  function send(message) {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function stop() {
    stopped = true;
    clearInterval(pingTimer);
    clearTimeout(retryTimer);
    window.removeEventListener('online', retryNow);
    socket?.close(1000);
  }

  // Back online: try at once instead of waiting out the backoff.
  function retryNow() {
    if (!stopped && socket?.readyState !== WebSocket.OPEN && socket?.readyState !== WebSocket.CONNECTING) open();
  }

  window.addEventListener('online', retryNow);
  open();
  return { send, stop, get lastSeq() { return lastSeq; } };
}

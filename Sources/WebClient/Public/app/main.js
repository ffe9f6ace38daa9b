// The client's entry: reads the server's configuration, draws the app, and registers the service worker that keeps
// the app shell for the next start.
import { html, render } from './vendor/preact-htm.js';
import { readBootstrap } from './config.js';
import { App } from './views/App.js';

const config = readBootstrap(document);
render(html`<${App} config=${config} />`, document.getElementById('app'));

// Once the page has settled: installing the worker fetches the whole shell again, which must not compete with the
// first screen for the network or the CPU.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    setTimeout(() => navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {}), 2000);
  });
}

// The service worker: keeps the app shell (this version's modules, styles and index.html) so the client starts
// without the network, and drops older versions' caches. API calls, files and the gateway are never cached here.
const version = '{{version}}';
const shell = {{shell}};
const cacheName = `discordination-shell-${version}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(cacheName).then((cache) => cache.addAll(shell)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith('discordination-shell-') && name !== cacheName).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== location.origin) return;
  if (url.pathname.startsWith('/assets/')) {
    // Versioned: the cached copy is the right one.
    event.respondWith(caches.match(request).then((cached) => cached ?? fetch(request)));
  } else if (request.mode === 'navigate') {
    // Pages: the network first (a deploy changes index.html), the cached shell when offline.
    event.respondWith(fetch(request).catch(() => caches.match('/')));
  }
});

// What the server tells the client in index.html's <meta name="discordination"> (the CSP forbids inline scripts):
// its name, the assets' version, and where the API, the file server, the link proxy, GIF search and the gateway are.

export function readBootstrap(document) {
  const meta = document.querySelector('meta[name="discordination"]');
  const config = JSON.parse(meta?.content ?? '{}');
  const endpoints = config.endpoints ?? {};
  const wsBase = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
  return {
    name: config.name ?? 'Discordination',
    version: config.version ?? '',
    assets: config.assets ?? '',
    endpoints: {
      api: endpoints.api ?? '/api',
      autumn: endpoints.autumn ?? '/autumn',
      january: endpoints.january ?? '/january',
      gifbox: endpoints.gifbox ?? '/gifbox',
    },
    gatewayURL: wsBase + (endpoints.ws ?? '/ws'),
  };
}

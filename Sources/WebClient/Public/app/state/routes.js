// The client's addresses, Revolt's paths, so links can be shared and a reload stays on the same screen.

/** The screen an address names. */
export function parseRoute(pathname) {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third, fourth] = parts;
  switch (first) {
    case undefined:
    case 'home':
      return { screen: 'home' };
    case 'login':
      return { screen: second === 'create' ? 'signup' : 'login' };
    case 'onboarding':
      return { screen: 'onboarding' };
    case 'settings':
      return { screen: 'settings' };
    case 'invite':
      return second ? { screen: 'invite', code: second } : { screen: 'home' };
    case 'channel':
      return second ? { screen: 'channel', channel: second } : { screen: 'home' };
    case 'server':
      if (!second) return { screen: 'home' };
      if (third === 'channel' && fourth) return { screen: 'channel', server: second, channel: fourth };
      return { screen: 'server', server: second };
    default:
      return { screen: 'home' };
  }
}

/** The address of a screen: the inverse of `parseRoute`. */
export function routePath(route) {
  const part = encodeURIComponent;
  switch (route.screen) {
    case 'login': return '/login';
    case 'signup': return '/login/create';
    case 'onboarding': return '/onboarding';
    case 'settings': return '/settings';
    case 'invite': return `/invite/${part(route.code)}`;
    case 'server': return `/server/${part(route.server)}`;
    case 'channel':
      return route.server
        ? `/server/${part(route.server)}/channel/${part(route.channel)}`
        : `/channel/${part(route.channel)}`;
    default: return '/';
  }
}

/** Screens a signed-out visitor may see; every other one sends them to log in first. */
export function isPublicScreen(route) {
  return route.screen === 'login' || route.screen === 'signup';
}

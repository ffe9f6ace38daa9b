// The top of the client: the address (History API, Revolt's paths) and the session. Signed out, it shows logging in
// or signing up and remembers where the visitor was going; signed in, the chat.
import { html, useCallback, useEffect, useState } from '../vendor/preact-htm.js';
import { isPublicScreen, parseRoute, routePath } from '../state/routes.js';
import { clearSession, loadSession, saveSession } from '../client/session.js';
import { Login } from './Login.js';
import { Chat } from './Chat.js';

export function App({ config }) {
  const [session, setSession] = useState(loadSession);
  const [route, setRoute] = useState(() => parseRoute(location.pathname));

  const navigate = useCallback((next, { replace = false } = {}) => {
    const path = typeof next === 'string' ? next : routePath(next);
    if (path !== location.pathname) history[replace ? 'replaceState' : 'pushState'](null, '', path);
    setRoute(parseRoute(path));
  }, []);

  useEffect(() => {
    const onPop = () => setRoute(parseRoute(location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const signedIn = useCallback((answer) => {
    saveSession(answer);
    setSession(loadSession());
    const returnTo = sessionStorage.getItem('discordination.returnTo');
    sessionStorage.removeItem('discordination.returnTo');
    navigate(returnTo && returnTo !== '/login' ? returnTo : '/', { replace: true });
  }, [navigate]);

  const signedOut = useCallback(() => {
    clearSession();
    setSession(null);
    navigate('/login', { replace: true });
  }, [navigate]);

  if (!session) {
    if (!isPublicScreen(route)) {
      sessionStorage.setItem('discordination.returnTo', location.pathname);
      return html`<${Redirect} navigate=${navigate} to="/login" />`;
    }
    return html`<${Login} config=${config} mode=${route.screen} navigate=${navigate} onSignedIn=${signedIn} />`;
  }
  if (isPublicScreen(route)) return html`<${Redirect} navigate=${navigate} to="/" />`;
  return html`<${Chat} key=${session.token} config=${config} session=${session} route=${route} navigate=${navigate} onSignedOut=${signedOut} />`;
}

function Redirect({ navigate, to }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

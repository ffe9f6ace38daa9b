// The signed-in app: loads the account, connects the gateway, keeps the state, and lays out the screen (servers,
// channels, the conversation, members). Onboarding comes first for an account without a username.
import { html, useEffect, useMemo, useReducer, useRef, useState } from '../vendor/preact-htm.js';
import { createApi } from '../api/http.js';
import { createActions } from '../client/actions.js';
import { notifyMention } from '../client/notifications.js';
import { markOnboarded } from '../client/session.js';
import { connectGateway } from '../gateway/connection.js';
import { initialState, reduce } from '../state/reducer.js';
import { AppContext } from './context.js';
import { Onboarding } from './Onboarding.js';
import { ServerList } from './ServerList.js';
import { Sidebar } from './Sidebar.js';
import { ChannelView } from './ChannelView.js';
import { MemberList } from './MemberList.js';
import { Settings } from './Settings.js';
import { InviteScreen } from './InviteScreen.js';
import { Home } from './Home.js';

export function Chat({ config, session, route, navigate, onSignedOut }) {
  const [state, dispatch] = useReducer(reduce, initialState);
  const stateRef = useRef(state);
  stateRef.current = state;
  // Unknown (null) until the server answers; the app starts meanwhile, and only an account without a username (true)
  // stops it for onboarding.
  const [onboarding, setOnboarding] = useState(session.onboarded ? false : null);
  const needsOnboarding = onboarding === true;
  const [pane, setPane] = useState('main');
  const [showMembers, setShowMembers] = useState(true);
  const gatewayRef = useRef(null);

  const api = useMemo(() => createApi(config.endpoints, { token: () => session.token, onUnauthorized: onSignedOut }), [session.token]);
  const actions = useMemo(() => createActions({ api, dispatch, token: () => session.token, getState: () => stateRef.current }), [api]);

  useEffect(() => {
    api.get('/onboard/hello').then((answer) => {
      setOnboarding(answer.onboarding);
      if (!answer.onboarding) markOnboarded();
    }).catch(() => setOnboarding(false));
  }, [api]);

  useEffect(() => {
    if (onboarding === false) api.get('/users/@me').then((user) => dispatch({ type: 'LocalMe', user })).catch(() => {});
  }, [onboarding === false]);

  // The open channel's latest messages are fetched beside the gateway's Ready, not after it.
  useEffect(() => {
    if (!needsOnboarding && route.screen === 'channel') actions.loadLatest(route.channel).catch(() => {});
  }, [needsOnboarding]);

  useEffect(() => {
    if (needsOnboarding) return undefined;
    const gateway = connectGateway({
      url: config.gatewayURL,
      token: session.token,
      onStatus: (connection) => {
        dispatch({ type: 'LocalConnection', connection });
        if (connection === 'ready') actions.loadUnreads().catch(() => {});
      },
      onEvent: (event) => {
        if (event.type === 'Ready') performance.mark('gateway-ready');
        dispatch(event);
        if (event.type === 'Message') notifyMention(event, stateRef.current, config.name);
        if (event.type === 'ServerMemberJoin' && event.user !== stateRef.current.me) actions.loadUser(event.user).catch(() => {});
      },
      // An account still without a username has no session on the gateway yet: that is onboarding, not an ending.
      onSessionEnded: () => {
        api.get('/onboard/hello')
          .then((answer) => (answer.onboarding ? setOnboarding(true) : onSignedOut()))
          .catch(onSignedOut);
      },
    });
    gatewayRef.current = gateway;
    const expiry = setInterval(() => dispatch({ type: 'LocalTypingExpired', now: Date.now() }), 1000);
    return () => { gateway.stop(); clearInterval(expiry); };
  }, [needsOnboarding]);

  // The screen's channel is the one being read: its mentions are not counted.
  const channelId = route.screen === 'channel' ? route.channel : null;
  useEffect(() => { dispatch({ type: 'LocalReading', channel: channelId }); setPane('main'); }, [channelId]);

  // A server's address without a channel opens its first one.
  useEffect(() => {
    if (route.screen !== 'server') return;
    const server = state.servers[route.server];
    const first = server?.channels?.find((id) => state.channels[id]);
    if (first) navigate({ screen: 'channel', server: route.server, channel: first }, { replace: true });
  }, [route, state.servers]);

  // Alt+↑ / Alt+↓ move to the previous or next channel of the list, from anywhere.
  useEffect(() => {
    const onKey = (event) => {
      if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
      const links = [...document.querySelectorAll('.sidebar a.channel-link')];
      const current = links.findIndex((link) => link.classList.contains('active'));
      const next = links[current + (event.key === 'ArrowUp' ? -1 : 1)];
      if (next) { event.preventDefault(); next.click(); }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const context = useMemo(() => ({
    state, dispatch, api, actions, config, navigate, session, onSignedOut, gateway: gatewayRef,
  }), [state, api, actions]);

  if (needsOnboarding) return html`<${Onboarding} api=${api} onDone=${() => setOnboarding(false)} onSignedOut=${onSignedOut} />`;

  const serverId = route.screen === 'channel' || route.screen === 'server' ? (route.server ?? state.channels[route.channel]?.server) : null;
  let main;
  if (route.screen === 'settings') main = html`<${Settings} />`;
  else if (route.screen === 'invite') main = html`<${InviteScreen} code=${route.code} />`;
  else if (channelId) main = html`<${ChannelView} key=${channelId} channelId=${channelId} onMenu=${() => setPane('sidebar')} membersShown=${showMembers} onToggleMembers=${() => setShowMembers(!showMembers)} />`;
  else main = html`<${Home} onMenu=${() => setPane('sidebar')} />`;

  return html`
    <${AppContext.Provider} value=${context}>
      <div class="layout" data-pane=${pane}>
        ${state.connection !== 'ready' && html`<div class="connection-banner" role="status" data-state=${state.connection}>
          ${state.connection === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'}</div>`}
        <${ServerList} activeServer=${serverId} />
        <${Sidebar} serverId=${serverId} channelId=${channelId} />
        <div class="main-pane">${main}</div>
        ${state.servers[serverId] && channelId && showMembers && html`<${MemberList} serverId=${serverId} />`}
        ${pane === 'sidebar' && html`<button class="scrim" aria-label="Close the channel list" onClick=${() => setPane('main')}></button>`}
      </div>
    <//>`;
}

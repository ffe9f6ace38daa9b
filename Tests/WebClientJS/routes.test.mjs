// The client's addresses: Revolt's paths parse to screens and back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPublicScreen, parseRoute, routePath } from '../../Sources/WebClient/Public/app/state/routes.js';

const server = '01HZZZZZZZZZZZZZZZZZZZZZZA';
const channel = '01HZZZZZZZZZZZZZZZZZZZZZZB';

test('Revolt paths parse to screens and print back the same', () => {
  for (const path of ['/', '/login', '/login/create', '/settings', `/invite/abc123`, `/server/${server}`, `/server/${server}/channel/${channel}`, `/channel/${channel}`]) {
    assert.equal(routePath(parseRoute(path)), path);
  }
  assert.deepEqual(parseRoute(`/server/${server}/channel/${channel}`), { screen: 'channel', server, channel });
  assert.deepEqual(parseRoute(`/channel/${channel}`), { screen: 'channel', channel });
});

test('unknown or incomplete paths land on home; only the login screens are public', () => {
  assert.deepEqual(parseRoute('/nowhere/at/all'), { screen: 'home' });
  assert.deepEqual(parseRoute('/server'), { screen: 'home' });
  assert.deepEqual(parseRoute('/invite'), { screen: 'home' });
  assert.ok(isPublicScreen(parseRoute('/login')));
  assert.ok(isPublicScreen(parseRoute('/login/create')));
  assert.ok(!isPublicScreen(parseRoute(`/channel/${channel}`)));
});

test('codes with reserved characters survive the round trip', () => {
  const route = { screen: 'invite', code: 'a/b c' };
  assert.equal(routePath(route), '/invite/a%2Fb%20c');
  assert.deepEqual(parseRoute(routePath(route)), route);
});

// Desktop notifications for mentions. Permission is only ever asked from a click (Settings), never on load.
import { displayName } from '../state/reducer.js';

export const notificationsSupported = () => typeof Notification !== 'undefined';

export async function askNotificationPermission() {
  if (!notificationsSupported()) return 'unsupported';
  return Notification.requestPermission();
}

/** Shows a notification for `message` when it mentions this user and they are not reading its channel. */
export function notifyMention(message, state, appName) {
  if (!notificationsSupported() || Notification.permission !== 'granted') return;
  if (message.author === state.me || !(message.mentions ?? []).includes(state.me)) return;
  if (!document.hidden && state.reading === message.channel) return;
  const channel = state.channels[message.channel];
  const author = displayName(state, message.author, channel?.server);
  const where = channel?.name ? ` in #${channel.name}` : '';
  new Notification(`${author}${where}`, { body: (message.content ?? '').slice(0, 140), tag: message._id, silent: false, icon: '/icon.svg', data: appName });
}

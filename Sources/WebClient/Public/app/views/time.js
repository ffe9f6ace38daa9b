// Dates and times as the messages show them, written from the Date's own fields (24-hour, year first; English like
// the rest of the interface): making an Intl formatter costs 30 ms and more the first time (its locale data loads),
// more than drawing a page of messages.
const pad = (value) => String(value).padStart(2, '0');
const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December'];

/** `14:03` */
export function formatClock(time) {
  const date = new Date(time);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** `2026-12-05 14:03` */
export function formatShort(time) {
  const date = new Date(time);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${formatClock(time)}`;
}

/** `Saturday, 5 December 2026` */
export function formatDay(time) {
  const date = new Date(time);
  return `${weekdays[date.getDay()]}, ${date.getDate()} ${months[date.getMonth()]} ${date.getFullYear()}`;
}

// Dates and times as the messages show them. The formatters are made once: making an Intl formatter per call (what
// `toLocaleString` with options does) costs more than drawing the message.
const short = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const day = new Intl.DateTimeFormat(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

export const formatShort = (time) => short.format(time);
export const formatClock = (time) => clock.format(time);
export const formatDay = (time) => day.format(time);
export const formatFull = (time) => full.format(time);

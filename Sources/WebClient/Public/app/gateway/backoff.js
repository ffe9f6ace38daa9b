// How long to wait before the next reconnection attempt: doubling from half a second to fifteen, with jitter so a
// restarted gateway is not hit by every client in the same instant.

export function reconnectDelay(attempt, random = Math.random) {
  const base = Math.min(15_000, 500 * 2 ** Math.max(0, attempt));
  return Math.round(base / 2 + random() * (base / 2));
}

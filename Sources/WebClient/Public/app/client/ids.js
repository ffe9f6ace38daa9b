// Nonces for messages this client sends: the server echoes them, so the copy shown at once is replaced, not doubled.

export function makeNonce() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The id a message has while it is being sent: sorts after every real id, so it shows last. */
export function pendingId(nonce) {
  return `~pending-${nonce}`;
}

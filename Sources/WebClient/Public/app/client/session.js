// The signed-in session, kept in localStorage so a reload stays signed in.
const key = 'discordination.session';

export function loadSession() {
  try {
    const session = JSON.parse(localStorage.getItem(key));
    return session?.token ? session : null;
  } catch {
    return null;
  }
}

export function saveSession(session) {
  localStorage.setItem(key, JSON.stringify({ token: session.token, user_id: session.user_id, _id: session._id, onboarded: session.onboarded }));
}

/** Remembers that the account has its username, so the next start does not wait to ask. */
export function markOnboarded() {
  const session = loadSession();
  if (session && !session.onboarded) localStorage.setItem(key, JSON.stringify({ ...session, onboarded: true }));
}

export function clearSession() {
  localStorage.removeItem(key);
}

// Logging in and signing up (Revolt's /auth routes). Signing up logs in straight after, and onboarding asks for a
// username next.
import { html, useState } from '../vendor/preact-htm.js';
import { createApi } from '../api/http.js';

export function Login({ config, mode, navigate, onSignedIn }) {
  const creating = mode === 'signup';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [invite, setInvite] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const api = createApi(config.endpoints, { token: () => null, onUnauthorized: () => {} });

  async function submit(event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (creating) await api.post('/auth/account/create', { email, password, invite: invite || undefined });
      const answer = await api.post('/auth/session/login', { email, password, friendly_name: `${config.name} web` });
      if (answer.result !== 'Success') throw new Error('This account needs more than a password to log in.');
      onSignedIn(answer);
    } catch (failure) {
      setError(failure.message);
      setBusy(false);
    }
  }

  return html`
    <main class="auth">
      <form class="auth-card" onSubmit=${submit} aria-labelledby="auth-title">
        <img class="auth-logo" src="/icon.svg" alt="" width="56" height="56" />
        <h1 id="auth-title">${creating ? `Create your ${config.name} account` : `Log in to ${config.name}`}</h1>
        <label>Email<input name="email" type="email" autocomplete="email" required value=${email} onInput=${(e) => setEmail(e.target.value)} /></label>
        <label>Password<input name="password" type="password" autocomplete=${creating ? 'new-password' : 'current-password'} required minlength=${creating ? 8 : undefined} value=${password} onInput=${(e) => setPassword(e.target.value)} /></label>
        ${creating && html`<label>Invite code (if this server asks for one)<input name="invite" value=${invite} onInput=${(e) => setInvite(e.target.value)} /></label>`}
        ${error && html`<p class="error" role="alert">${error}</p>`}
        <button type="submit" class="primary" disabled=${busy}>${creating ? 'Create account' : 'Log in'}</button>
        <p class="auth-switch">
          ${creating
            ? html`Have an account? <a href="/login" onClick=${(e) => { e.preventDefault(); navigate('/login'); }}>Log in</a>`
            : html`New here? <a href="/login/create" onClick=${(e) => { e.preventDefault(); navigate('/login/create'); }}>Create an account</a>`}
        </p>
      </form>
    </main>`;
}

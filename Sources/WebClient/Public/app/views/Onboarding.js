// A new account picks its username (Revolt's onboarding) before anything else.
import { html, useState } from '../vendor/preact-htm.js';

export function Onboarding({ api, onDone, onSignedOut }) {
  const [username, setUsername] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/onboard/complete', { username });
      onDone();
    } catch (failure) {
      setError(failure.message);
      setBusy(false);
    }
  }

  return html`
    <main class="auth">
      <form class="auth-card" onSubmit=${submit} aria-labelledby="onboarding-title">
        <h1 id="onboarding-title">Pick a username</h1>
        <p>Others find you by it. You can change how your name is shown later.</p>
        <label>Username<input name="username" required minlength="2" maxlength="32" pattern="[^@#:\\s]+" autocomplete="username" value=${username} onInput=${(e) => setUsername(e.target.value)} /></label>
        ${error && html`<p class="error" role="alert">${error}</p>`}
        <button type="submit" class="primary" disabled=${busy}>Continue</button>
        <button type="button" class="link" onClick=${onSignedOut}>Log out</button>
      </form>
    </main>`;
}

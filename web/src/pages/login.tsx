import { useState, type FormEvent } from 'react';
import type { ApiError } from '../api.js';
import { api, type Me } from '../api.js';
import { ThemeToggle } from '../components/layout.js';
import { ErrorBox } from '../components/notice.js';
import { useTitle } from '../hooks.js';

export function LoginPage({ onLogin }: { onLogin(me: Me): void }) {
  useTitle('Log in');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onLogin(await api<Me>('/auth/login', { method: 'POST', body: { name, password } }));
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="login" id="main">
      <form onSubmit={(e) => void submit(e)} className="card stack" aria-labelledby="login-h">
        <h1 id="login-h">interdict</h1>
        <p className="muted">
          Banned-vendor software across your fleet: log in to see findings, waivers and reports.
        </p>
        <label htmlFor="login-name">User name</label>
        <input
          id="login-name"
          name="username"
          autoComplete="username"
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          autoFocus
        />
        <label htmlFor="login-password">Password</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        <button type="submit" disabled={busy}>
          Log in
        </button>
        <ErrorBox error={error} />
        <ThemeToggle />
      </form>
    </main>
  );
}

import { useState, type FormEvent } from 'react';
import type { ApiError } from '../api.js';
import { api } from '../api.js';
import { ErrorBox, Notice } from '../components/notice.js';
import { useTitle } from '../hooks.js';
import { Link } from '../router.js';

/** First start: the one-time link the server prints (`/setup#token=…`) creates the first admin. */
export function SetupPage() {
  useTitle('Set up');
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
  const [name, setName] = useState('admin');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api('/auth/setup', { method: 'POST', body: { token, name, password } });
      setDone(true);
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <main className="login" id="main">
      <form onSubmit={(e) => void submit(e)} className="card stack">
        <h1>Create the first administrator</h1>
        {!token && (
          <Notice kind="warn">
            This page needs the one-time link the server printed when it first started.
          </Notice>
        )}
        <label htmlFor="setup-name">User name</label>
        <input id="setup-name" value={name} onChange={(e) => setName(e.target.value)} required />
        <label htmlFor="setup-password">Password (at least 12 characters)</label>
        <input
          id="setup-password"
          type="password"
          autoComplete="new-password"
          minLength={12}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        <button type="submit" disabled={!token || done}>
          Create administrator
        </button>
        <ErrorBox error={error} />
        {done && (
          <Notice kind="ok">
            Administrator created. <Link to="/login">Log in</Link>.
          </Notice>
        )}
      </form>
    </main>
  );
}

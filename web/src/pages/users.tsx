import { useState } from 'react';
import type { ApiError } from '../api.js';
import { api } from '../api.js';
import { DataTable } from '../components/data-table.js';
import { ErrorBox, Notice } from '../components/notice.js';
import { useApi, useTitle } from '../hooks.js';
import { formatTime } from '../lib/dates.js';
import { useSession } from '../session.js';
import { describeTokenState, type Token } from './tokens.js';

interface User {
  id: string;
  name: string;
  role: 'viewer' | 'analyst' | 'approver' | 'admin';
  disabled: boolean;
  createdAt: string;
}

const USER_ROLES = ['viewer', 'analyst', 'approver', 'admin'] as const;

/** People of the tenant with their tokens: disable, enable, change a role. Admins only. */
export function UsersPage() {
  useTitle('Users');
  const { me } = useSession();
  const users = useApi((signal) => api<{ items: User[] }>('/users', { signal }), 'users');
  const tokens = useApi((signal) => api<{ items: Token[] }>('/tokens', { signal }), 'user-tokens');
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<string>();
  const change = async (u: User, body: { disabled?: boolean; role?: string }, what: string) => {
    setError(undefined);
    setDone(undefined);
    try {
      await api(`/users/${u.id}`, { method: 'PATCH', body });
      setDone(`${u.name} ${what}.`);
      users.reload();
      tokens.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  const disable = (u: User) => {
    if (!window.confirm(`Disable ${u.name}? Their sessions end now and their tokens stop working.`)) return;
    void change(u, { disabled: true }, 'disabled');
  };
  const tokensOf = (u: User) =>
    (tokens.data?.items ?? []).filter((t) => t.user === u.name && t.state !== 'revoked');
  return (
    <>
      <h1>Users</h1>
      <p className="muted">
        Disabling a person ends their sessions at once and their API tokens are refused until they are enabled
        again. A token works with at most its owner’s role. The last enabled admin cannot be disabled or
        demoted. Every change is in the audit log.
      </p>
      {done && <Notice kind="ok">{done}</Notice>}
      <ErrorBox error={error ?? users.error ?? tokens.error} />
      <DataTable columns={['Name', 'Role', 'State', 'Created', 'Tokens', '']}>
        {users.data?.items.map((u) => (
          <tr key={u.id} data-testid={`user-${u.name}`}>
            <td>{u.name}</td>
            <td>
              <select
                aria-label={`Role of ${u.name}`}
                value={u.role}
                disabled={u.name === me.name}
                onChange={(e) => void change(u, { role: e.target.value }, `is now ${e.target.value}`)}
              >
                {USER_ROLES.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </td>
            <td data-testid="user-state">{u.disabled ? 'disabled' : 'enabled'}</td>
            <td>{formatTime(u.createdAt)}</td>
            <td>
              {tokensOf(u).length === 0
                ? '—'
                : tokensOf(u).map((t) => (
                    <div key={t.id}>
                      {t.name}: {describeTokenState(t)}
                    </div>
                  ))}
            </td>
            <td>
              {u.name === me.name ? (
                <span className="muted">you</span>
              ) : u.disabled ? (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => void change(u, { disabled: false }, 'enabled')}
                >
                  Enable {u.name}
                </button>
              ) : (
                <button type="button" className="secondary" onClick={() => disable(u)}>
                  Disable {u.name}
                </button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

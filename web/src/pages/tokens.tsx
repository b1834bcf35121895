import { useState, type FormEvent } from 'react';
import type { ApiError } from '../api.js';
import { api } from '../api.js';
import { DataTable } from '../components/data-table.js';
import { ErrorBox, Notice } from '../components/notice.js';
import { useApi, useTitle } from '../hooks.js';
import { formatTime } from '../lib/dates.js';
import { ROLES } from '../../../src/server/auth/roles.js';

export interface Token {
  id: string;
  name: string;
  role: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** Host credentials (from enrolment) upload for this one host. */
  host: string | null;
  bulkImport: boolean;
  /** The person it belongs to. */
  user: string | null;
  expiresAt: string | null;
  state: 'active' | 'expired' | 'revoked' | 'owner-disabled';
}

/** Choices of the expiry field, in days; 0 stands for never. */
const EXPIRY_DAYS = [30, 90, 365, 0] as const;

export function describeTokenState(t: Token): string {
  if (t.state === 'revoked') return `revoked ${formatTime(t.revokedAt)}`;
  if (t.state === 'expired') return `expired ${formatTime(t.expiresAt)}`;
  if (t.state === 'owner-disabled') return `refused: ${t.user ?? 'its owner'} is disabled`;
  return t.expiresAt ? `active until ${formatTime(t.expiresAt)}` : 'active, no expiry';
}

export function TokensPage() {
  useTitle('API tokens');
  const list = useApi((signal) => api<{ items: Token[] }>('/tokens', { signal }), 'tokens');
  const [name, setName] = useState('');
  const [role, setRole] = useState<string>('viewer');
  const [bulkImport, setBulkImport] = useState(false);
  const [expiryDays, setExpiryDays] = useState<number>(90);
  const [secret, setSecret] = useState<{ name: string; token: string; expiresAt: string | null }>();
  const [error, setError] = useState<ApiError>();
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const expiresAt = expiryDays ? new Date(Date.now() + expiryDays * 86_400_000).toISOString() : undefined;
      const created = await api<{ id: string; token: string; expiresAt: string | null }>('/tokens', {
        method: 'POST',
        body: { name, role, ...(bulkImport ? { bulkImport } : {}), ...(expiresAt ? { expiresAt } : {}) },
      });
      setSecret({ name, token: created.token, expiresAt: created.expiresAt });
      setName('');
      list.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  const revoke = async (t: Token) => {
    if (!window.confirm(`Revoke token ${t.name}? Agents using it stop uploading.`)) return;
    try {
      await api(`/tokens/${t.id}`, { method: 'DELETE' });
      list.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <>
      <h1>API tokens</h1>
      <p className="muted">
        Scripts authenticate with a bearer token of yours. Hosts enrol with an enrolment secret and get their
        own credential (listed here with their host). Only the bulk-import right uploads inventories for other
        hosts; an agent token needs it. The secret is shown once, when it is created; the server keeps only
        its hash.
      </p>
      <form className="filters card" onSubmit={(e) => void create(e)}>
        <label>
          Name{' '}
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={128}
            placeholder="e.g. agents-eu"
          />
        </label>
        <label>
          Role{' '}
          <select value={role} onChange={(e) => setRole(e.target.value)}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={bulkImport} onChange={(e) => setBulkImport(e.target.checked)} />{' '}
          bulk import
        </label>
        <label>
          Expires{' '}
          <select value={expiryDays} onChange={(e) => setExpiryDays(Number(e.target.value))}>
            {EXPIRY_DAYS.map((d) => (
              <option key={d} value={d}>
                {d ? `in ${d} days` : 'never'}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Create token</button>
      </form>
      {secret && (
        <Notice kind="ok">
          Token <strong>{secret.name}</strong>
          {secret.expiresAt ? ` (expires ${formatTime(secret.expiresAt)})` : ''}, shown only now:{' '}
          <code data-testid="new-token">{secret.token}</code>{' '}
          <button
            type="button"
            className="secondary"
            onClick={() => void navigator.clipboard?.writeText(secret.token)}
          >
            Copy
          </button>
        </Notice>
      )}
      <ErrorBox error={error ?? list.error} />
      <DataTable columns={['Name', 'Role', 'Owner', 'Created', 'Last used', 'State', '']}>
        {list.data?.items.map((t) => (
          <tr key={t.id} data-testid={`token-${t.name}`}>
            <td>{t.name}</td>
            <td>
              {t.role}
              {t.host ? ` (host ${t.host})` : ''}
              {t.bulkImport ? ', bulk import' : ''}
            </td>
            <td>{t.user ?? '—'}</td>
            <td>
              {formatTime(t.createdAt)} by {t.createdBy}
            </td>
            <td>{formatTime(t.lastUsedAt)}</td>
            <td data-testid="token-state">{describeTokenState(t)}</td>
            <td>
              {!t.revokedAt && (
                <button
                  type="button"
                  className="secondary"
                  aria-label={`Revoke ${t.name}`}
                  onClick={() => void revoke(t)}
                >
                  Revoke
                </button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

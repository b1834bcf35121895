import { useState } from 'react';
import type { ApiError } from '../api.js';
import { api, type Waiver } from '../api.js';
import { Comments } from '../components/comments.js';
import { ErrorBox, Notice } from '../components/notice.js';
import { useApi, useTitle } from '../hooks.js';
import { formatTime } from '../lib/dates.js';
import { hasRole } from '../lib/messages.js';
import { Link, navigate } from '../router.js';
import { useSession } from '../session.js';

const STATES = ['requested', 'approved', 'rejected', 'revoked'] as const;

function Decision({ waiver, onDone }: { waiver: Waiver; onDone(message: string): void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError>();
  const decide = async (decision: 'approve' | 'reject' | 'revoke') => {
    try {
      const w = await api<Waiver>(`/waivers/${waiver.id}/decision`, {
        method: 'POST',
        body: { decision, ...(note ? { note } : {}) },
      });
      onDone(`${w.id} ${w.state}.`);
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <div className="stack decision">
      <label htmlFor={`note-${waiver.id}`}>Note for the record</label>
      <input
        id={`note-${waiver.id}`}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={4000}
      />
      <div className="actions">
        {waiver.state === 'requested' ? (
          <>
            <button type="button" onClick={() => void decide('approve')}>
              Approve {waiver.id}
            </button>
            <button type="button" className="secondary" onClick={() => void decide('reject')}>
              Reject
            </button>
          </>
        ) : (
          <button type="button" className="secondary" onClick={() => void decide('revoke')}>
            Revoke {waiver.id}
          </button>
        )}
      </div>
      <ErrorBox error={error} />
    </div>
  );
}

export function WaiversPage({ search }: { search: string }) {
  useTitle('Waivers');
  const { me } = useSession();
  const state = (STATES as readonly string[]).includes(new URLSearchParams(search).get('state') ?? '')
    ? new URLSearchParams(search).get('state')!
    : 'requested';
  const list = useApi((signal) => api<{ items: Waiver[] }>(`/waivers?state=${state}`, { signal }), state);
  const [message, setMessage] = useState<string>();
  const [open, setOpen] = useState<string>();
  const approver = hasRole(me.role, 'approver');
  return (
    <>
      <h1>Waivers</h1>
      <p className="muted">
        A waiver accepts a finding for a time, with a reason. An analyst requests it; an approver other than
        the requester decides. Approved waivers turn matching findings into <em>waived</em> until they expire.
      </p>
      <div role="tablist" aria-label="Waiver state" className="tabs">
        {STATES.map((s) => (
          <button
            key={s}
            role="tab"
            type="button"
            aria-selected={s === state}
            onClick={() => navigate(`/waivers?state=${s}`, { replace: true })}
          >
            {s === 'requested' ? 'Queue (requested)' : s}
          </button>
        ))}
        <span className="exports">
          Export <a href="/api/v1/exports/waivers?format=csv">CSV</a> ·{' '}
          <a href="/api/v1/exports/waivers?format=json">JSON</a>
        </span>
      </div>
      {message && <Notice kind="ok">{message}</Notice>}
      <ErrorBox error={list.error} />
      {list.data?.items.length === 0 && <p className="muted">No {state} waivers.</p>}
      <ul className="plain waivers" role="tabpanel">
        {list.data?.items.map((w) => (
          <li key={w.id} className="card" data-testid={`waiver-${w.id}`}>
            <h2>
              {w.id} <span className={`badge waiver-${w.state}`}>{w.state}</span>
            </h2>
            <dl className="kv">
              <dt>Scope</dt>
              <dd className="mono">
                {Object.entries(w.scope)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ')}
              </dd>
              <dt>Reason</dt>
              <dd>{w.reason}</dd>
              <dt>Expires</dt>
              <dd>{w.expires}</dd>
              <dt>Requested</dt>
              <dd>
                by {w.requestedBy} on {formatTime(w.requestedAt)}
              </dd>
              {w.decidedBy && (
                <>
                  <dt>Decided</dt>
                  <dd>
                    {w.state} by {w.decidedBy} on {formatTime(w.decidedAt)}
                    {w.decisionNote && `: “${w.decisionNote}”`}
                  </dd>
                </>
              )}
              {w.findingId && (
                <>
                  <dt>Finding</dt>
                  <dd>
                    <Link to={`/findings/${w.findingId}`}>{w.findingId}</Link>
                  </dd>
                </>
              )}
            </dl>
            {approver && (w.state === 'requested' || w.state === 'approved') && (
              <Decision
                waiver={w}
                onDone={(m) => {
                  setMessage(m);
                  list.reload();
                }}
              />
            )}
            <button
              type="button"
              className="link"
              aria-expanded={open === w.id}
              onClick={() => setOpen(open === w.id ? undefined : w.id)}
            >
              {open === w.id ? 'Hide discussion' : 'Discussion'}
            </button>
            {open === w.id && <Comments subject="waivers" id={w.id} />}
          </li>
        ))}
      </ul>
    </>
  );
}

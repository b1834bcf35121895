import { useState, type FormEvent } from 'react';
import type { ApiError } from '../api.js';
import { api, type Comment } from '../api.js';
import { useApi } from '../hooks.js';
import { formatTime } from '../lib/dates.js';
import { describePosted, hasRole } from '../lib/messages.js';
import { useSession } from '../session.js';
import { ErrorBox, Notice } from './notice.js';

/** A comment thread on a finding or waiver; approvers publish or reject pending comments in place. */
export function Comments({ subject, id }: { subject: 'findings' | 'waivers'; id: string }) {
  const { me } = useSession();
  const thread = useApi(
    (signal) => api<{ items: Comment[] }>(`/${subject}/${encodeURIComponent(id)}/comments`, { signal }),
    `${subject}/${id}`,
  );
  const [body, setBody] = useState('');
  const [sent, setSent] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const moderator = hasRole(me.role, 'approver');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setSent(undefined);
    try {
      const c = await api<Comment>(`/${subject}/${encodeURIComponent(id)}/comments`, {
        method: 'POST',
        body: { body },
      });
      setSent(describePosted(c.state));
      setBody('');
      thread.reload();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const moderate = async (commentId: string, decision: 'approve' | 'reject') => {
    try {
      await api(`/comments/${commentId}/moderation`, { method: 'POST', body: { decision } });
      thread.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  };

  return (
    <section aria-labelledby="comments-h">
      <h2 id="comments-h">Comments</h2>
      <ErrorBox error={thread.error} />
      <ul className="comments">
        {thread.data?.items.map((c) => (
          <li key={c.id} className={`comment ${c.state}`}>
            <div className="meta">
              <strong>{c.author}</strong> · {formatTime(c.createdAt)}
              {c.state !== 'visible' && (
                <span className="badge state-pending">
                  {c.state === 'pending' ? 'awaiting approval' : 'rejected'}
                </span>
              )}
            </div>
            <p>{c.body}</p>
            {moderator && c.state === 'pending' && (
              <div className="actions">
                <button type="button" onClick={() => void moderate(c.id, 'approve')}>
                  Publish
                </button>
                <button type="button" className="secondary" onClick={() => void moderate(c.id, 'reject')}>
                  Reject
                </button>
              </div>
            )}
          </li>
        ))}
        {thread.data && thread.data.items.length === 0 && <li className="muted">No comments yet.</li>}
      </ul>
      <form onSubmit={(e) => void submit(e)} className="stack">
        <label htmlFor="comment-body">Add a comment</label>
        <textarea
          id="comment-body"
          value={body}
          onChange={(e) => setBody(e.target.value)}
          rows={3}
          maxLength={10000}
          required
        />
        <div>
          <button type="submit" disabled={busy || !body.trim()}>
            Post comment
          </button>
        </div>
        {sent && <Notice kind="ok">{sent}</Notice>}
        <ErrorBox error={error} />
      </form>
    </section>
  );
}

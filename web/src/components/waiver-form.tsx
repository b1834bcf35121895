import { useState, type FormEvent } from 'react';
import type { ApiError } from '../api.js';
import { api, type Finding, type Waiver } from '../api.js';
import { addDays, todayOf } from '../lib/dates.js';
import { ErrorBox, Notice } from './notice.js';

/** Request a waiver for a finding: scoped to its product, and to its host unless widened. */
export function WaiverForm({ finding, onRequested }: { finding: Finding; onRequested(w: Waiver): void }) {
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState(addDays(todayOf(), 90));
  const [allHosts, setAllHosts] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<Waiver>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const scope = { product: finding.product.id, ...(allHosts ? {} : { host: finding.host }) };
      const w = await api<Waiver>('/waivers', {
        method: 'POST',
        body: { scope, reason, expires, findingId: finding.id },
      });
      setDone(w);
      onRequested(w);
    } catch (err) {
      setError(err as ApiError);
    }
  };
  if (done)
    return (
      <Notice kind="ok">
        Waiver {done.id} requested; an approver other than you decides it in the waiver queue.
      </Notice>
    );
  return (
    <form onSubmit={(e) => void submit(e)} className="stack" aria-labelledby="waiver-h">
      <h3 id="waiver-h">Request a waiver</h3>
      <label htmlFor="waiver-reason">Reason (why the risk is accepted, and until when it is fixed)</label>
      <textarea
        id="waiver-reason"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        minLength={10}
        maxLength={4000}
        rows={3}
        required
      />
      <div className="row">
        <label>
          Expires{' '}
          <input
            type="date"
            value={expires}
            min={addDays(todayOf(), 1)}
            onChange={(e) => setExpires(e.target.value)}
            required
          />
        </label>
        <label>
          <input type="checkbox" checked={allHosts} onChange={(e) => setAllHosts(e.target.checked)} /> every
          host with {finding.product.name}
        </label>
      </div>
      <div>
        <button type="submit">Request waiver</button>
      </div>
      <ErrorBox error={error} />
    </form>
  );
}

import { useState } from 'react';
import type { FarReport } from '../../../src/server/reports/far-report.js';
import { api } from '../api.js';
import { ErrorBox, Loading, Notice } from '../components/notice.js';
import { useApi, useTitle } from '../hooks.js';
import { formatTime } from '../lib/dates.js';
import { Link } from '../router.js';

/** One line of the draft report, as the server builds it. */
type Field = FarReport['initial'][number];

function Fields({
  fields,
  values,
  onChange,
}: {
  fields: Field[];
  values: Record<string, string>;
  onChange(key: string, value: string): void;
}) {
  return (
    <dl className="far-fields">
      {fields.map((f) => (
        <div key={f.key}>
          <dt>
            <label htmlFor={`far-${f.key}`}>{f.label}</label>
          </dt>
          <dd>
            <textarea
              id={`far-${f.key}`}
              rows={Math.max(2, Math.ceil((values[f.key] ?? '').length / 90))}
              value={values[f.key] ?? ''}
              placeholder={f.hint ?? 'to be completed by the contractor'}
              onChange={(e) => onChange(f.key, e.target.value)}
            />
            <div className="print-only">{values[f.key] || '________________________________________'}</div>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The draft is edited in the browser and printed; nothing typed here is stored on the server. */
export function FarReportPage({ id }: { id: string }) {
  const report = useApi(
    (signal) => api<FarReport>(`/findings/${encodeURIComponent(id)}/far-report`, { signal }),
    id,
  );
  const [values, setValues] = useState<Record<string, string>>();
  useTitle('FAR 52.204-23(c) report');
  if (report.error) return <ErrorBox error={report.error} />;
  if (!report.data) return <Loading what="the draft" />;
  const r = report.data;
  const shown = values ?? Object.fromEntries([...r.initial, ...r.followUp].map((f) => [f.key, f.value]));
  const set = (key: string, value: string) => setValues({ ...shown, [key]: value });
  return (
    <article className="document" data-testid="far-report">
      <div className="no-print actions">
        <Link to={`/findings/${r.finding.id}`}>← Finding</Link>
        <button type="button" onClick={() => window.print()}>
          Print / save as PDF
        </button>
      </div>
      <h1>DRAFT: report under FAR 52.204-23(c)</h1>
      <p>
        {r.organisation} · {r.finding.product.name} on {r.finding.host} · discovered{' '}
        {formatTime(r.finding.discoveredAt)}
      </p>
      {r.applies ? <Notice>{r.appliesNote}</Notice> : <Notice kind="warn">{r.appliesNote}</Notice>}
      <p>
        <strong>Submit to:</strong> {r.submitTo}.
      </p>
      <section>
        <h2>Clocks</h2>
        <table className="compact" data-testid="far-clocks">
          <thead>
            <tr>
              <th>Due</th>
              <th>What</th>
              <th>Business days</th>
              <th>From</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {r.clocks.map((c) => (
              <tr key={c.businessDays} className={c.overdue ? 'overdue' : ''}>
                <td>
                  <strong>{c.due}</strong>
                </td>
                <td>{c.what}</td>
                <td className="num">{c.businessDays}</td>
                <td>{c.from}</td>
                <td>
                  {c.overdue
                    ? `overdue by ${-c.left} business days`
                    : c.left === 0
                      ? 'due today'
                      : `${c.left} business days left`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">{r.clocksNote}</p>
      </section>
      <section>
        <h2>(c)(2)(i) Within 3 business days</h2>
        <Fields fields={r.initial} values={shown} onChange={set} />
      </section>
      <section>
        <h2>(c)(2)(ii) Within 10 business days</h2>
        <Fields fields={r.followUp} values={shown} onChange={set} />
      </section>
      <section>
        <h2>Basis</h2>
        <ol>
          {r.finding.reasons.map((x, i) => (
            <li key={i}>{x}</li>
          ))}
        </ol>
        {r.clause && <p className="citation">{r.clause.citations.join(' · ')}</p>}
        <p className="muted">
          Generated {formatTime(r.generatedAt)} by interdict. Check every field before sending; this draft is
          not legal advice.
        </p>
      </section>
    </article>
  );
}

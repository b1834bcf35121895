import { api } from '../api.js';
import { StatusBadge } from '../components/badges.js';
import { ErrorBox, Loading } from '../components/notice.js';
import { useApi, useTitle } from '../hooks.js';
import { formatTime } from '../lib/dates.js';
import { Link } from '../router.js';

interface Suspect {
  id: string;
  host: string;
  product: { id: string; name: string };
  status: string;
  state: string;
  correct: number;
  incorrect: number;
  lastVote: string;
}

export function FalsePositivesPage() {
  useTitle('Suspected false positives');
  const list = useApi((signal) => api<{ items: Suspect[] }>('/suspected-false-positives', { signal }), 'fp');
  if (list.error) return <ErrorBox error={list.error} />;
  if (!list.data) return <Loading what="votes" />;
  return (
    <>
      <h1>Suspected false positives</h1>
      <p className="muted">
        Findings that someone voted “not correct”, most disputed first. Check the evidence; if the catalog is
        wrong, report the identifier that matched so the data pack can be fixed.
      </p>
      <span className="exports">
        Export votes <a href="/api/v1/exports/votes?format=csv">CSV</a> ·{' '}
        <a href="/api/v1/exports/votes?format=json">JSON</a>
      </span>
      <table className="data">
        <thead>
          <tr>
            <th>Product</th>
            <th>Host</th>
            <th>Status</th>
            <th className="num">Not correct</th>
            <th className="num">Correct</th>
            <th>Last vote</th>
          </tr>
        </thead>
        <tbody>
          {list.data.items.map((s) => (
            <tr key={s.id}>
              <td>
                <Link to={`/findings/${s.id}`}>{s.product.name}</Link>
              </td>
              <td>{s.host}</td>
              <td>
                <StatusBadge status={s.status} />{' '}
                {s.state === 'resolved' && <span className="muted">resolved</span>}
              </td>
              <td className="num">{s.incorrect}</td>
              <td className="num">{s.correct}</td>
              <td>{formatTime(s.lastVote)}</td>
            </tr>
          ))}
          {list.data.items.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                Nobody has disputed a finding.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </>
  );
}

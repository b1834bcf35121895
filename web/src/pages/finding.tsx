import { SeverityBadge, StateBadge, StatusBadge } from '../components/badges.js';
import { Comments } from '../components/comments.js';
import { ErrorBox, Loading } from '../components/notice.js';
import { VoteWidget } from '../components/vote.js';
import { hasRole } from '../lib/messages.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { EvidenceCard } from './finding/evidence-card.js';
import { HistoryCard } from './finding/history-card.js';
import { ReasonsCard } from './finding/reasons-card.js';
import { useFinding } from './finding/use-finding.js';
import { WaiversCard } from './finding/waivers-card.js';

export function FindingPage({ id }: { id: string }) {
  const { me } = useSession();
  const { finding, waivers, resolveSources } = useFinding(id);
  if (finding.error) return <ErrorBox error={finding.error} />;
  if (!finding.data) return <Loading what="the finding" />;
  const f = finding.data;
  const mine = waivers.data?.items.filter((w) => w.findingId === f.id) ?? [];
  return (
    <article className="finding">
      <p className="crumbs">
        <Link to="/findings">Findings</Link> / {f.id}
      </p>
      <h1>
        {f.product.name} <span className="muted">on</span>{' '}
        <Link to={`/hosts/${encodeURIComponent(f.host)}`}>{f.host}</Link>
      </h1>
      <p className="badges" data-testid="finding-status">
        <StatusBadge status={f.status} /> <SeverityBadge severity={f.severity} />{' '}
        <StateBadge state={f.state} />
      </p>
      <div className="grid2">
        <EvidenceCard finding={f} resolveSources={resolveSources} />
        <ReasonsCard finding={f} resolveSources={resolveSources} />
      </div>
      <section className="card" aria-labelledby="remediation-h">
        <h2 id="remediation-h">Remediation</h2>
        <p>{f.remediation}</p>
        {f.waiver && (
          <p>
            Waived by <strong>{f.waiver.approvedBy}</strong> until {f.waiver.expires} ({f.waiver.id}):{' '}
            {f.waiver.reason}
          </p>
        )}
        {hasRole(me.role, 'analyst') && (
          <p>
            <Link to={`/findings/${f.id}/far-report`}>Draft the FAR 52.204-23(c) report</Link>
          </p>
        )}
      </section>
      <div className="grid2">
        <WaiversCard finding={f} mine={mine} role={me.role} onRequested={() => waivers.reload()} />
        <VoteWidget findingId={f.id} />
      </div>
      <HistoryCard history={f.history} />
      <div className="card">
        <Comments subject="findings" id={f.id} />
      </div>
    </article>
  );
}

import { api, type Determination, type Finding, type SourceRef, type Waiver } from '../../api.js';
import { useApi, useTitle } from '../../hooks.js';

/** A finding with its status history, as GET /findings/:id returns it. */
export type FindingDetail = Finding & {
  history: { at: string; kind: string; fromStatus: string | null; toStatus: string | null; cause: string }[];
};

/** Source ids as references to show: the ruling's full source when one is loaded, else the bare id. */
export type ResolveSources = (ids?: readonly string[]) => SourceRef[];

/** Every source the loaded rulings cite, by id, so a finding's source ids can be links. */
function sourcesById(determinations: readonly Determination[] | undefined): Map<string, SourceRef> {
  const byId = new Map<string, SourceRef>();
  for (const d of determinations ?? [])
    for (const s of [...d.sources, ...d.phases.flatMap((p) => p.sources)]) byId.set(s.id, s);
  return byId;
}

/**
 * The finding, the waivers (to show this finding's own) and the rulings (whose sources turn the finding's
 * source ids into links); `resolveSources` falls back to a bare id while the rulings load or lack one.
 */
export function useFinding(id: string) {
  const finding = useApi(
    (signal) => api<FindingDetail>(`/findings/${encodeURIComponent(id)}`, { signal }),
    id,
  );
  const waivers = useApi((signal) => api<{ items: Waiver[] }>('/waivers', { signal }), `waivers-${id}`);
  const rulings = useApi(
    (signal) => api<{ items: Determination[] }>('/determinations', { signal }),
    'rulings',
  );
  useTitle(finding.data ? `${finding.data.product.name} on ${finding.data.host}` : 'Finding');
  const known = sourcesById(rulings.data?.items);
  const resolveSources: ResolveSources = (ids = []) => ids.map((sid) => known.get(sid) ?? { id: sid });
  return { finding, waivers, resolveSources };
}

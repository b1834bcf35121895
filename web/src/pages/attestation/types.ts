/** One finding as the attestation lists it, open or resolved by the report date. */
export interface AttestationFindingRow {
  id: string;
  host: string;
  product: string;
  vendor: string;
  status: string;
  matchedOn: string;
  matchedValue: string;
  firstSeen: string;
  resolvedAt: string | null;
}

/** The server's attestation report for one date (GET /reports/attestation). */
export interface Attestation {
  date: string;
  generatedAt: string;
  generatedBy: string;
  tenant: { slug: string; name: string; profile: string };
  data: { version: string; hash: string };
  determinations: { id: string; title: string; citations: string[] }[];
  scanning: {
    hosts: number;
    inventories: number;
    firstCollected: string | null;
    formats: { format: string; inventories: number }[];
  };
  coverage: {
    staleDays: number;
    current: number;
    stale: number;
    percentCurrent: number;
    staleHosts: { host: string; lastCollected: string }[];
  };
  findings: {
    open: number;
    resolved: number;
    byStatus: Record<string, number>;
    bySeverity: Record<string, number>;
    openItems: AttestationFindingRow[];
    resolvedItems: AttestationFindingRow[];
  };
  endpoints: {
    affected: number;
    waived: number;
    byProduct: { id: string; product: string; vendor: string; endpoints: number }[];
    method: string[];
  };
  waivers: {
    id: string;
    scope: Record<string, string>;
    reason: string;
    expires: string;
    requestedBy: string;
    approvedBy: string;
    approvedAt: string;
  }[];
}

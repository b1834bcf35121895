import type { Finding } from '../../core/finding.js';
import type { ServerPack } from '../context.js';
import { addBusinessDays, countBusinessDays } from './business-days.js';
import { isoDay } from '../../core/dates.js';

/** The clause this draft is for; the determination that carries it is found by this citation. */
const FAR_CLAUSE = '52.204-23';
const DIBNET_URL = 'https://dibnet.dod.mil';

export interface FarClock {
  /** What is due, in the clause's words. */
  what: string;
  businessDays: number;
  /** Counted from this day (the day of discovery). */
  from: string;
  due: string;
  /** Business days left from today; negative once overdue. */
  left: number;
  overdue: boolean;
}

interface FarField {
  key: string;
  label: string;
  /** Pre-filled from the evidence; empty when only the contractor knows it. */
  value: string;
  hint?: string;
}

export interface FarReportInput {
  finding: Finding & {
    id: string;
    host: string;
    firstSeen: string;
    state: string;
    resolvedAt: string | null;
  };
  tenant: { name: string; profile: string };
  pack: ServerPack;
  now: Date;
}

/**
 * A draft of the report FAR 52.204-23(c) asks for when a contractor identifies a Kaspersky Lab covered
 * article: the (c)(2)(i) fields due within 3 business days, the (c)(2)(ii) details due within 10, and
 * both clocks. Discovery is the finding's first sighting; the clause counts the 10 days from the first
 * report, so counting them from discovery gives the earliest date they can fall due.
 */
export function buildFarReport({ finding, tenant, pack, now }: FarReportInput) {
  const clause = pack.determinations.find(
    (d) => d.citations.some((c) => c.includes(FAR_CLAUSE)) || d.aliases.includes(`FAR ${FAR_CLAUSE}`),
  );
  const discovered = finding.firstSeen.slice(0, 10);
  const today = isoDay(now);
  const clock = (what: string, businessDays: number): FarClock => {
    const due = addBusinessDays(discovered, businessDays);
    const left = countBusinessDays(today, due);
    return { what, businessDays, from: discovered, due, left, overdue: today > due };
  };
  const o = finding.observation;
  const ids = (o.ids ?? []).map((i) => `${i.kind}: ${i.value}`);
  const partNumber =
    ids.find((i) => i.startsWith('product-code') || i.startsWith('purl') || i.startsWith('cpe')) ?? '';
  const where = [o.host ?? finding.host, o.path].filter(Boolean).join(', ');
  const binding = finding.determinations.find((d) => clause && d.id === clause.id);
  const mitigation = [
    finding.remediation,
    finding.waiver
      ? `A waiver (${finding.waiver.id}) approved by ${finding.waiver.approvedBy} applies until ${finding.waiver.expires}: ${finding.waiver.reason}`
      : '',
    finding.state === 'resolved' && finding.resolvedAt
      ? `No longer present on ${finding.host} since ${finding.resolvedAt.slice(0, 10)} (a later inventory no longer shows it).`
      : '',
  ]
    .filter(Boolean)
    .join('\n');

  const initial: FarField[] = [
    {
      key: 'contractNumber',
      label: 'Contract number',
      value: '',
      hint: 'The contract under which the article was found.',
    },
    { key: 'orderNumbers', label: 'Order number(s), if applicable', value: '' },
    {
      key: 'supplierName',
      label: 'Supplier name',
      value:
        o.publisher && o.publisher !== finding.product.vendor
          ? `${finding.product.vendor} (publisher as installed: ${o.publisher})`
          : finding.product.vendor,
    },
    { key: 'brand', label: 'Brand', value: finding.product.name },
    {
      key: 'modelNumber',
      label:
        'Model number (original equipment manufacturer number, manufacturer part number, or wholesaler number)',
      value: [o.version ? `version ${o.version}` : '', partNumber].filter(Boolean).join('; '),
    },
    {
      key: 'itemDescription',
      label: 'Item description',
      value:
        `${finding.product.name} (${finding.product.category}) by ${finding.product.vendor}` +
        (finding.product.integration ? `, embedded in ${finding.product.integration.carrier}` : '') +
        `; found on ${where || finding.host} in ${o.origin.source} at ${o.origin.locator} (${o.origin.format}), matched on ${finding.match.on} "${finding.match.value}".`,
    },
    {
      key: 'mitigation',
      label: 'Readily available information about mitigation actions undertaken or recommended',
      value: mitigation,
    },
  ];
  const followUp: FarField[] = [
    {
      key: 'furtherMitigation',
      label: 'Any further available information about mitigation actions undertaken or recommended',
      value: '',
    },
    {
      key: 'preventionEfforts',
      label: 'Efforts undertaken to prevent use or submission of a Kaspersky Lab covered article',
      value: '',
      hint: 'e.g. software allow-lists, procurement screening, fleet scanning with interdict.',
    },
    { key: 'reasons', label: 'Reasons that led to the use or submission of the covered article', value: '' },
    {
      key: 'futureEfforts',
      label: 'Additional efforts that will be incorporated to prevent future use or submission',
      value: '',
    },
  ];

  return {
    kind: 'interdict/far-52.204-23-report@1' as const,
    draft: true,
    generatedAt: now.toISOString(),
    clause: clause
      ? {
          id: clause.id,
          title: clause.title,
          citations: clause.citations,
          obligations: clause.obligations ?? [],
        }
      : null,
    applies: !!binding,
    appliesNote: binding
      ? `The clause applies to this finding: ${binding.effect}`
      : `The clause binds federal contractors; this organisation's profile is ${tenant.profile}, so the finding carries no FAR 52.204-23 determination. The draft is still shown for contractors who hold the clause in a contract.`,
    submitTo: `The contracting officer; for Department of Defense contracts, ${DIBNET_URL}`,
    organisation: tenant.name,
    finding: {
      id: finding.id,
      host: finding.host,
      status: finding.status,
      state: finding.state,
      product: finding.product,
      match: finding.match,
      origin: o.origin,
      discoveredAt: finding.firstSeen,
      reasons: finding.reasons,
    },
    clocks: [
      clock('First report, paragraph (c)(2)(i)', 3),
      clock('Further details, paragraph (c)(2)(ii)', 10),
    ],
    clocksNote:
      'Business days exclude weekends and U.S. federal holidays. The 10-business-day clock runs from the first report; counted here from discovery, it shows the earliest date it can fall due.',
    initial,
    followUp,
  };
}

export type FarReport = ReturnType<typeof buildFarReport>;

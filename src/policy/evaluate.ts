import type { DeterminationRef, Finding, WaiverRef } from '../core/finding.js';
import type { Observation } from '../core/observation.js';
import { rankStatus, severityOf, type Profile, type Status } from '../core/status.js';
import type { Determination, Phase } from '../data/schema.js';
import type { IndexedProduct } from '../match/compile.js';
import type { MatchResult } from '../match/matcher.js';
import { DECIDED } from '../match/matcher.js';
import { coverageOf, type CoverageSubject } from './coverage.js';
import { daysBetween } from '../core/dates.js';

export interface PolicyContext {
  determinations: readonly Determination[];
  asOf: string;
  profile: Profile;
  /** Returns the waiver that covers this finding, if any (already checked for expiry). */
  findWaiver?: (finding: Omit<Finding, 'status' | 'severity' | 'waiver'>) => WaiverRef | undefined;
}

type Subject = 'software' | 'supplier';

function subjectOf(observation: Observation): Subject {
  return observation.kind === 'supplier' || observation.kind === 'person' ? 'supplier' : 'software';
}

/**
 * Turns a match into a finding for a date and a profile: every determination that binds the profile
 * and covers the product says what it does today (or from when), and the worst of them wins.
 * Returns undefined when no determination binding this profile reaches the product.
 */
export function evaluateMatch(
  result: MatchResult,
  observation: Observation,
  ctx: PolicyContext,
): Finding | undefined {
  const subject = subjectOf(observation);
  const refs: DeterminationRef[] = [];
  for (const determination of ctx.determinations) {
    if (!determination.profiles.includes(ctx.profile)) continue;
    // A ruling binds nobody before it is published: an as-of date before then must not cite it.
    if (!isPublishedBy(determination, ctx.asOf)) continue;
    const contractStart = subject === 'supplier' ? observation.date : undefined;
    const ref = applyDetermination(determination, result, subject, ctx.asOf, contractStart);
    if (!ref) continue;
    refs.push(ref);
  }
  if (!refs.length) return undefined;
  refs.sort((a, b) => rankStatus(a.status) - rankStatus(b.status) || a.id.localeCompare(b.id));
  const worst = refs[0]!;
  const worstDetermination = ctx.determinations.find((d) => d.id === worst.id)!;
  const remediation =
    worstDetermination.remediation[result.product.category] ??
    worstDetermination.remediation['default'] ??
    'Remove the product, or document why it is out of scope.';

  let status: Status = worst.status;
  if (result.match.confidence < DECIDED && status !== 'exempt') status = 'review';
  const base = {
    product: result.product.ref,
    match: result.match,
    determinations: refs,
    observation,
    remediation,
    reasons: explain(result, refs, status),
  };
  const waiver = status === 'exempt' ? undefined : ctx.findWaiver?.(base);
  if (waiver) status = 'waived';
  return { status, severity: severityOf(status), ...base, ...(waiver ? { waiver } : {}) };
}

/** Whether the determination had been published on `asOf` (ISO dates compare as strings). */
export function isPublishedBy(d: Pick<Determination, 'published'>, asOf: string): boolean {
  return d.published <= asOf;
}

function applyDetermination(
  d: Determination,
  result: MatchResult,
  subject: Subject,
  asOf: string,
  contractStart?: string,
): DeterminationRef | undefined {
  const scope = coverageOf(d, coverageSubjectOf(result.product), subject === 'supplier');
  if (scope.scope === 'not-covered') return undefined;
  if (scope.scope === 'exempt')
    return { ...refBase(d), status: 'exempt', effect: scope.reason, sources: scope.sources };
  const phase = phaseFor(d.phases, subject, asOf, contractStart);
  if (!phase) return undefined;
  const { phase: p, effect, upcoming, existing } = phase;
  const status: Status = upcoming ? 'upcoming' : scope.scope === 'review' ? 'review' : effect.status;
  return {
    ...refBase(d),
    status,
    effect:
      (scope.scope === 'review'
        ? `${effect.effect} Whether it reaches this product needs review: ${scope.reason}`
        : effect.effect) + contractNote(effect, existing, contractStart),
    phase: p.id,
    since: p.since,
    ...(upcoming ? { daysLeft: daysBetween(asOf, p.since) } : {}),
    citation: p.citation,
    sources: p.sources,
  };
}

/** The matched product or party as the coverage rules see it. */
function coverageSubjectOf(product: IndexedProduct): CoverageSubject {
  return {
    id: product.ref.id,
    vendorId: product.vendorId,
    vendorName: product.ref.vendor,
    category: product.category,
    ...(product.ref.integration ? { integration: true } : {}),
    ...(product.party ? { party: product.party } : {}),
  };
}

function refBase(d: Determination) {
  return { id: d.id, title: d.title, citation: d.citations[0]!, sources: d.sources };
}

/**
 * The phase that speaks for this subject on `asOf`: among the phases in force, the one with the
 * most severe effect; when none is in force yet, the next one to start (upcoming).
 */
function phaseFor(phases: readonly Phase[], subject: Subject, asOf: string, contractStart?: string) {
  const all = phases.flatMap((phase) =>
    phase.effects.filter((e) => e.subject === subject).map((effect) => ({ phase, effect })),
  );
  // A contract that started before a "new agreements only" phase is an existing agreement: that
  // phase does not reach it, a later phase (updates, resale, licensing) may.
  const isExisting = ({ phase, effect }: (typeof all)[number]) =>
    Boolean(effect.newAgreementsOnly && contractStart && contractStart < phase.since);
  const existing = all.find(isExisting)?.phase;
  const candidates = all.filter((c) => !isExisting(c));
  const inForce = candidates.filter(
    ({ phase }) => phase.since <= asOf && (!phase.until || asOf <= phase.until),
  );
  if (inForce.length) {
    inForce.sort(
      (a, b) =>
        rankStatus(a.effect.status) - rankStatus(b.effect.status) ||
        b.phase.since.localeCompare(a.phase.since),
    );
    return { ...inForce[0]!, upcoming: false, existing };
  }
  const ahead = candidates
    .filter(({ phase }) => phase.since > asOf)
    .sort((a, b) => a.phase.since.localeCompare(b.phase.since));
  return ahead.length ? { ...ahead[0]!, upcoming: true, existing } : undefined;
}

/** Says how the contract's start date was read against a "new agreements only" phase. */
function contractNote(
  effect: Phase['effects'][number],
  existing: Phase | undefined,
  contractStart?: string,
): string {
  if (existing) {
    return ` The contract started ${contractStart}, before ${existing.since}: an existing agreement, which phase ${existing.id} (new agreements only) does not reach; this phase does.`;
  }
  if (effect.newAgreementsOnly) {
    return contractStart
      ? ` The contract started ${contractStart}: a new agreement.`
      : ' No contract start date was given: treated as a new agreement.';
  }
  return '';
}

function explain(result: MatchResult, refs: DeterminationRef[], status: Status): string[] {
  const m = result.match;
  const p = result.product.ref;
  const lines = [
    `identifier: ${m.on} "${m.value}" matched catalog "${m.pattern}" (confidence ${m.confidence})` +
      (m.corroboratedBy?.length
        ? `, corroborated by ${m.corroboratedBy.map((c) => `${c.on} "${c.value}"`).join(', ')}`
        : '') +
      (m.sources?.length ? ` [sources: ${m.sources.join(', ')}]` : ''),
    ...(m.explanation ? [`match: ${m.explanation}`] : []),
    `product: ${p.name} (${p.category}) by ${p.vendor}` +
      (p.integration ? `, integrated in ${p.integration.carrier} as ${p.integration.component}` : ''),
  ];
  for (const r of refs) {
    const when = r.since
      ? r.daysLeft !== undefined
        ? ` from ${r.since} (in ${r.daysLeft} days)`
        : ` since ${r.since}`
      : '';
    lines.push(
      `determination: ${r.title}${r.phase ? `, phase ${r.phase}` : ''}${when}: ${r.effect} [${r.citation}]`,
    );
  }
  lines.push(
    status === 'review' && m.confidence < DECIDED
      ? `effect: review: the match is not certain enough to decide (confidence ${m.confidence} < ${DECIDED})`
      : `effect: ${status}`,
  );
  return lines;
}

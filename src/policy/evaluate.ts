import type { DeterminationRef, Finding, WaiverRef } from '../core/finding.js';
import type { Observation } from '../core/observation.js';
import { rankStatus, severityOf, type Profile, type Status } from '../core/status.js';
import type { Determination, Phase } from '../data/schema.js';
import type { MatchResult } from '../match/matcher.js';
import { DECIDED } from '../match/matcher.js';
import { daysBetween } from './dates.js';

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
export function evaluateMatch(result: MatchResult, observation: Observation, ctx: PolicyContext): Finding | undefined {
  const subject = subjectOf(observation);
  const refs: DeterminationRef[] = [];
  let remediation: string | undefined;
  for (const determination of ctx.determinations) {
    if (!determination.profiles.includes(ctx.profile)) continue;
    const ref = applyDetermination(determination, result, subject, ctx.asOf);
    if (!ref) continue;
    refs.push(ref);
  }
  if (!refs.length) return undefined;
  refs.sort((a, b) => rankStatus(a.status) - rankStatus(b.status) || a.id.localeCompare(b.id));
  const worst = refs[0]!;
  const worstDetermination = ctx.determinations.find((d) => d.id === worst.id)!;
  remediation =
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

function applyDetermination(
  d: Determination,
  result: MatchResult,
  subject: Subject,
  asOf: string,
): DeterminationRef | undefined {
  const product = result.product;
  if (!d.vendors.includes(product.vendorId)) return undefined;
  if (product.ref.integration && !d.integrations) return undefined;
  const exemption = d.exemptions.find((e) => e.categories.includes(product.category));
  if (exemption) {
    return { ...refBase(d), status: 'exempt', effect: exemption.summary, sources: exemption.sources };
  }
  const covered = d.categories.length === 0 || d.categories.includes(product.category);
  if (!covered && product.category !== 'unidentified') return undefined;
  const phase = phaseFor(d.phases, subject, asOf);
  if (!phase) return undefined;
  const { phase: p, effect, upcoming } = phase;
  const uncertainScope = !covered; // vendor software the catalog cannot place in a covered category
  const status: Status = upcoming ? 'upcoming' : uncertainScope ? 'review' : effect.status;
  return {
    ...refBase(d),
    status,
    effect: uncertainScope
      ? `${effect.effect} Applies only if this ${product.ref.vendor} software is of a covered class; confirm.`
      : effect.effect,
    phase: p.id,
    since: p.since,
    ...(upcoming ? { daysLeft: daysBetween(asOf, p.since) } : {}),
    citation: p.citation,
    sources: p.sources,
  };
}

function refBase(d: Determination) {
  return { id: d.id, title: d.title, citation: d.citations[0]!, sources: d.sources };
}

/**
 * The phase that speaks for this subject on `asOf`: among the phases in force, the one with the
 * most severe effect; when none is in force yet, the next one to start (upcoming).
 */
function phaseFor(phases: readonly Phase[], subject: Subject, asOf: string) {
  const candidates = phases.flatMap((phase) =>
    phase.effects.filter((e) => e.subject === subject).map((effect) => ({ phase, effect })),
  );
  const inForce = candidates.filter(({ phase }) => phase.since <= asOf && (!phase.until || asOf <= phase.until));
  if (inForce.length) {
    inForce.sort(
      (a, b) => rankStatus(a.effect.status) - rankStatus(b.effect.status) || b.phase.since.localeCompare(a.phase.since),
    );
    return { ...inForce[0]!, upcoming: false };
  }
  const ahead = candidates.filter(({ phase }) => phase.since > asOf).sort((a, b) => a.phase.since.localeCompare(b.phase.since));
  return ahead.length ? { ...ahead[0]!, upcoming: true } : undefined;
}

function explain(result: MatchResult, refs: DeterminationRef[], status: Status): string[] {
  const m = result.match;
  const p = result.product.ref;
  const lines = [
    `identifier: ${m.on} "${m.value}" matched catalog "${m.pattern}" (confidence ${m.confidence})` +
      (m.corroboratedBy?.length ? `, corroborated by ${m.corroboratedBy.map((c) => `${c.on} "${c.value}"`).join(', ')}` : ''),
    `product: ${p.name} (${p.category}) by ${p.vendor}` +
      (p.integration ? `, integrated in ${p.integration.carrier} as ${p.integration.component}` : ''),
  ];
  for (const r of refs) {
    const when = r.since ? (r.daysLeft !== undefined ? ` from ${r.since} (in ${r.daysLeft} days)` : ` since ${r.since}`) : '';
    lines.push(`determination: ${r.title}${r.phase ? `, phase ${r.phase}` : ''}${when}: ${r.effect} [${r.citation}]`);
  }
  lines.push(
    status === 'review' && m.confidence < DECIDED
      ? `effect: review: the match is not certain enough to decide (confidence ${m.confidence} < ${DECIDED})`
      : `effect: ${status}`,
  );
  return lines;
}

import { daysBetween } from './dates.js';

export interface DeterminationLike {
  id: string;
  title: string;
  profiles?: string[];
  phases: { id: string; since: string; until?: string; summary: string; citation: string }[];
}

export type PhaseState = 'ahead' | 'in-force' | 'ended';

export interface TimelineEntry {
  determinationId: string;
  determinationTitle: string;
  phaseId: string;
  since: string;
  until?: string;
  summary: string;
  citation: string;
  state: PhaseState;
  /** Days until `since`; set only while the phase is still ahead. */
  daysLeft?: number;
}

export function phaseState(phase: { since: string; until?: string }, today: string): PhaseState {
  if (phase.since > today) return 'ahead';
  if (phase.until && phase.until < today) return 'ended';
  return 'in-force';
}

/**
 * Every phase of the rulings that bind `profile`, oldest first, with its state on `today` and a
 * countdown for the ones still ahead.
 */
export function buildTimeline(
  determinations: readonly DeterminationLike[],
  today: string,
  profile?: string,
): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const d of determinations) {
    if (profile && d.profiles && !d.profiles.includes(profile)) continue;
    for (const p of d.phases) {
      const state = phaseState(p, today);
      entries.push({
        determinationId: d.id,
        determinationTitle: d.title,
        phaseId: p.id,
        since: p.since,
        ...(p.until ? { until: p.until } : {}),
        summary: p.summary,
        citation: p.citation,
        state,
        ...(state === 'ahead' ? { daysLeft: daysBetween(today, p.since) } : {}),
      });
    }
  }
  return entries.sort(
    (a, b) => a.since.localeCompare(b.since) || a.determinationId.localeCompare(b.determinationId),
  );
}

/**
 * What the overview shows: every phase still ahead, then the most recent ones already in force, up
 * to `max` in all, in date order.
 */
export function pickNextPhases(entries: readonly TimelineEntry[], max = 6): TimelineEntry[] {
  const ahead = entries.filter((e) => e.state === 'ahead');
  const past = entries.filter((e) => e.state !== 'ahead');
  const room = Math.max(0, max - ahead.length);
  return [...past.slice(past.length - room), ...ahead].slice(0, Math.max(max, ahead.length));
}

import { describe, expect, it } from 'vitest';
import { daysBetween, formatCountdown } from '../../web/src/lib/dates.js';
import {
  buildTimeline,
  phaseState,
  pickNextPhases,
  type DeterminationLike,
} from '../../web/src/lib/timeline.js';

const ICTS: DeterminationLike = {
  id: 'us-bis-icts-2021-002',
  title: 'Final Determination ICTS-2021-002',
  profiles: ['us-person', 'federal-contractor'],
  phases: [
    { id: 'new-agreements', since: '2024-07-20', summary: 'No new agreements.', citation: '89 FR 52434' },
    {
      id: 'updates-resale-licensing',
      since: '2024-09-29',
      summary: 'No updates, resale or licensing.',
      citation: '89 FR 52434',
    },
  ],
};
const FAR: DeterminationLike = {
  id: 'us-far-52-204-23',
  title: 'FAR 52.204-23',
  profiles: ['federal-contractor'],
  phases: [
    {
      id: 'clause-one-day-report',
      since: '2018-10-01',
      until: '2023-12-03',
      summary: 'One business day.',
      citation: '48 CFR 52.204-23',
    },
    {
      id: 'clause-three-day-report',
      since: '2023-12-04',
      summary: 'Three business days.',
      citation: '48 CFR 52.204-23',
    },
  ],
};

describe('ruling timeline', () => {
  it('counts down the days to a phase still ahead, and only then', () => {
    const entries = buildTimeline([ICTS], '2024-07-01');
    expect(entries.map((e) => [e.phaseId, e.state, e.daysLeft])).toEqual([
      ['new-agreements', 'ahead', 19],
      ['updates-resale-licensing', 'ahead', 90],
    ]);
    const later = buildTimeline([ICTS], '2024-08-01');
    expect(later.map((e) => [e.state, e.daysLeft])).toEqual([
      ['in-force', undefined],
      ['ahead', 59],
    ]);
  });

  it('treats the first day as in force and the day after `until` as ended', () => {
    expect(phaseState({ since: '2024-09-29' }, '2024-09-29')).toBe('in-force');
    expect(phaseState({ since: '2018-10-01', until: '2023-12-03' }, '2023-12-03')).toBe('in-force');
    expect(phaseState({ since: '2018-10-01', until: '2023-12-03' }, '2023-12-04')).toBe('ended');
  });

  it('keeps only the rulings that bind the profile, in date order', () => {
    expect(buildTimeline([ICTS, FAR], '2026-11-28', 'us-person').map((e) => e.determinationId)).toEqual([
      ICTS.id,
      ICTS.id,
    ]);
    expect(buildTimeline([ICTS, FAR], '2026-11-28', 'federal-contractor').map((e) => e.since)).toEqual([
      '2018-10-01',
      '2023-12-04',
      '2024-07-20',
      '2024-09-29',
    ]);
  });

  it('shows every phase ahead and fills the rest with the latest past ones', () => {
    const entries = buildTimeline([ICTS, FAR], '2024-08-01');
    expect(pickNextPhases(entries, 2).map((e) => e.phaseId)).toEqual([
      'new-agreements',
      'updates-resale-licensing',
    ]);
    expect(pickNextPhases(entries, 3).map((e) => e.phaseId)).toEqual([
      'clause-three-day-report',
      'new-agreements',
      'updates-resale-licensing',
    ]);
    const early = buildTimeline([ICTS, FAR], '2018-01-01');
    expect(pickNextPhases(early, 2)).toHaveLength(4);
  });

  it('words countdowns', () => {
    expect([0, 1, 12, -1, -30].map(formatCountdown)).toEqual([
      'today',
      'tomorrow',
      'in 12 days',
      'yesterday',
      '30 days ago',
    ]);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2024-03-01T23:00:00Z', '2024-02-28')).toBe(-2);
  });
});

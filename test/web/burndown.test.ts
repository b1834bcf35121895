import { describe, expect, it } from 'vitest';
import { layoutBurndown, niceStep, projectZero, type HistoryPoint } from '../../web/src/lib/burndown.js';
import { addDays } from '../../web/src/lib/dates.js';

const series = (start: string, values: number[]): HistoryPoint[] =>
  values.map((open, i) => ({ date: addDays(start, i), open }));

describe('burn-down chart layout', () => {
  it('picks round tick steps', () => {
    expect([0, 3, 9, 13, 40, 230, 9000].map((n) => niceStep(n))).toEqual([1, 1, 2.5, 5, 10, 100, 2500]);
  });

  it('draws a stepped line from the first day, scaled to the plot', () => {
    const g = layoutBurndown(series('2026-11-01', [4, 4, 2, 0]), [], {
      width: 344,
      height: 140,
      aheadDays: 0,
    });
    expect(g.plot).toEqual({ left: 44, top: 12, right: 332, bottom: 112 });
    expect(g.line).toBe('M44.0,12.0H140.0V12.0H236.0V62.0H332.0V112.0');
    expect(g.area.endsWith('V112H44.0Z')).toBe(true);
    expect(g.yTicks.map((t) => t.label)).toEqual(['0', '1', '2', '3', '4']);
    expect(g.projection).toBeUndefined();
  });

  it('extends the range to deadlines ahead and marks them, leaving out those past the horizon', () => {
    const g = layoutBurndown(
      series('2026-11-01', [5, 5]),
      [
        { date: '2026-11-20', label: 'waiver W-1 expires' },
        { date: '2027-06-01', label: 'too far' },
        { date: '2026-01-01', label: 'long past' },
      ],
      { width: 344, height: 140, aheadDays: 60 },
    );
    expect(g.last).toBe('2026-11-20');
    expect(g.deadlines).toEqual([{ x: 332, date: '2026-11-20', label: 'waiver W-1 expires', ahead: true }]);
  });

  it('projects the day open findings reach zero at the recent pace', () => {
    expect(projectZero(series('2026-11-01', [10, 8, 6]))).toBe('2026-11-06');
    expect(projectZero(series('2026-11-01', [2, 3, 3]))).toBeUndefined();
    expect(projectZero(series('2026-11-01', [3, 0]))).toBeUndefined();
    const g = layoutBurndown(series('2026-11-01', [10, 8, 6]), [], { width: 344, height: 140 });
    expect(g.projection?.date).toBe('2026-11-06');
    expect(g.last).toBe('2026-11-06');
    expect(g.projection?.y2).toBe(112);
  });

  it('copes with an empty history', () => {
    const g = layoutBurndown([], [], { width: 300, height: 100 });
    expect(g.line).toBe('');
    expect(g.points).toEqual([]);
  });
});

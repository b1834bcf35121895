import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  readFilters,
  SEVERITIES,
  STATUSES,
  toApiQuery,
  toggleSort,
  writeFilters,
} from '../../web/src/lib/filters.js';
import { describePosted, describeWait, hasRole } from '../../web/src/lib/messages.js';
import { pageOf, searchRows, sortRows } from '../../web/src/lib/table.js';

describe('finding filters in the URL', () => {
  it('reads defaults from an empty query and writes them back as nothing', () => {
    const f = readFilters('');
    expect(f).toEqual({
      status: [],
      severity: [],
      state: 'open',
      q: '',
      host: '',
      product: '',
      determination: '',
      sort: 'severity',
      order: '',
      limit: 50,
    });
    expect(writeFilters(f)).toBe('');
  });

  it('drops values it does not know, so an old or edited link still opens', () => {
    const f = readFilters('?status=prohibited,bogus&severity=high&state=gone&sort=nope&limit=7&q=ws-fin');
    expect(f).toMatchObject({
      status: ['prohibited'],
      severity: ['high'],
      state: 'open',
      sort: 'severity',
      limit: 50,
      q: 'ws-fin',
    });
  });

  it('round-trips any filters through the URL', () => {
    const filters = fc.record({
      status: fc.subarray([...STATUSES]),
      severity: fc.subarray([...SEVERITIES]),
      state: fc.constantFrom('open', 'resolved', 'all'),
      q: fc.string({ maxLength: 40 }),
      host: fc.string({ maxLength: 20 }),
      product: fc.string({ maxLength: 20 }),
      determination: fc.string({ maxLength: 20 }),
      sort: fc.constantFrom('severity', 'lastSeen', 'firstSeen', 'host', 'product'),
      order: fc.constantFrom('asc', 'desc', ''),
      limit: fc.constantFrom(25, 50, 100, 200),
    });
    fc.assert(
      fc.property(filters, (f) => {
        expect(readFilters(writeFilters(f as never))).toEqual(f);
      }),
    );
  });

  it('asks the API for one page with every filter and the cursor', () => {
    const q = new URLSearchParams(toApiQuery(readFilters('?host=ws-fin-014&limit=100'), 'abc'));
    expect(Object.fromEntries(q)).toEqual({ host: 'ws-fin-014', state: 'open', limit: '100', cursor: 'abc' });
  });

  it('sorts a new column its natural way and flips the same column', () => {
    const f = readFilters('');
    const byHost = toggleSort(f, 'host');
    expect([byHost.sort, byHost.order]).toEqual(['host', '']);
    expect(toggleSort(byHost, 'host').order).toBe('desc');
    expect(toggleSort(toggleSort(byHost, 'host'), 'host').order).toBe('asc');
    expect(toggleSort(toggleSort(f, 'lastSeen'), 'lastSeen').order).toBe('asc');
  });
});

describe('messages and roles', () => {
  it('tells people how long to wait in minutes once it is a minute or more', () => {
    expect([1, 45, 60, 61, 299, 300].map(describeWait)).toEqual([
      'please wait 1 second',
      'please wait 45 seconds',
      'please wait 1 minute',
      'please wait 2 minutes',
      'please wait 5 minutes',
      'please wait 5 minutes',
    ]);
  });

  it('says a pending comment was sent for approval', () => {
    expect(describePosted('pending')).toMatch(/^Your comment was sent for approval/);
    expect(describePosted('visible')).toBe('Your comment was posted.');
  });

  it('orders roles like the server', () => {
    expect(hasRole('approver', 'analyst')).toBe(true);
    expect(hasRole('analyst', 'approver')).toBe(false);
    expect(hasRole('agent', 'viewer')).toBe(false);
    expect(hasRole(undefined, 'viewer')).toBe(false);
  });
});

describe('client-side tables', () => {
  const rows = [
    { name: 'Kaspersky Free', open: 2 },
    { name: 'Kaspersky Anti-Virus', open: 10 },
    { name: 'Kaspersky Safe Kids', open: undefined as number | undefined },
  ];
  it('sorts numbers numerically with missing values last', () => {
    expect(sortRows(rows, (r) => r.open, 'desc').map((r) => r.open)).toEqual([10, 2, undefined]);
    expect(sortRows(rows, (r) => r.open, 'asc').map((r) => r.open)).toEqual([2, 10, undefined]);
  });
  it('searches every word, ignoring case', () => {
    expect(searchRows(rows, (r) => r.name, 'kaspersky KIDS').map((r) => r.name)).toEqual([
      'Kaspersky Safe Kids',
    ]);
    expect(searchRows(rows, (r) => r.name, '  ')).toHaveLength(3);
  });
  it('clamps the page number', () => {
    expect(pageOf([1, 2, 3, 4, 5], 9, 2)).toEqual({ items: [5], page: 3, pages: 3 });
    expect(pageOf([], 1, 2)).toEqual({ items: [], page: 1, pages: 1 });
  });
});

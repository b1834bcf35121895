import { describe, expect, it } from 'vitest';
import { repoUrl, safeHttpUrl } from '../../src/core/links.js';
import { citedSources, toSourceLink } from '../../src/data/cited-sources.js';
import { sampleReport } from '../fixtures/report/sample-report.js';

describe('source links', () => {
  it('keeps only http(s) addresses', () => {
    expect(safeHttpUrl('https://www.bis.gov/x')).toBe('https://www.bis.gov/x');
    expect(safeHttpUrl('http://example.com')).toBe('http://example.com/');
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,x',
      'file:///etc/passwd',
      '//evil.example',
      '/relative',
      'vbscript:x',
      '',
    ])
      expect(safeHttpUrl(bad), bad).toBeUndefined();
  });

  it('turns a pinned repo locator into its GitHub file page', () => {
    expect(repoUrl('owner/repo:src/dir/a#b.ts@0123456789abcdef0123456789abcdef01234567')).toBe(
      'https://github.com/owner/repo/blob/0123456789abcdef0123456789abcdef01234567/src/dir/a%23b.ts',
    );
    expect(repoUrl('not a locator')).toBeUndefined();
    const link = toSourceLink({
      id: 'r',
      title: 'T',
      repo: 'o/r:a.yaml@v1.0',
      accessed: '2026-01-01',
      kind: 'repository',
    });
    expect(link.url).toBe('https://github.com/o/r/blob/v1.0/a.yaml');
  });

  it('resolves the ids findings cite, sorted, leaving out unknown ones', () => {
    const pack = new Map([
      [
        'far-52-204-23',
        {
          id: 'far-52-204-23',
          title: 'FAR',
          url: 'https://www.acquisition.gov/far/52.204-23',
          accessed: '2026-01-01',
          kind: 'primary' as const,
        },
      ],
      [
        'unused',
        {
          id: 'unused',
          title: 'U',
          url: 'https://u.example',
          accessed: '2026-01-01',
          kind: 'primary' as const,
        },
      ],
      [
        'fr-2024-13532',
        {
          id: 'fr-2024-13532',
          title: 'FR',
          url: 'javascript:alert(1)',
          accessed: '2026-01-01',
          kind: 'primary' as const,
        },
      ],
    ]);
    expect(citedSources(sampleReport.findings, pack)).toEqual([
      {
        id: 'far-52-204-23',
        title: 'FAR',
        url: 'https://www.acquisition.gov/far/52.204-23',
        publisher: undefined,
        published: undefined,
      },
      { id: 'fr-2024-13532', title: 'FR', url: undefined, publisher: undefined, published: undefined },
    ]);
    expect(citedSources(sampleReport.findings, [...pack.values()])).toHaveLength(2);
  });
});

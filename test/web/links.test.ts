import { describe, expect, it } from 'vitest';
import { repoUrl, safeHttpUrl, sourceHref } from '../../web/src/lib/links.js';

describe('dashboard source links', () => {
  it('links only http(s) addresses', () => {
    expect(safeHttpUrl('https://media.bis.gov/Kaspersky')).toBe('https://media.bis.gov/Kaspersky');
    for (const bad of [
      'javascript:alert(1)',
      ' JAVASCRIPT:alert(1)',
      'data:text/html,<b>x',
      'file:///etc/passwd',
      '//evil.example',
      'x',
    ])
      expect(sourceHref({ id: 's', url: bad }), bad).toBeUndefined();
  });

  it('turns a pinned repo locator into its GitHub file page, and prefers the url', () => {
    const repo = 'owner/repo:data/a b.yaml@0123456789abcdef0123456789abcdef01234567';
    expect(repoUrl('owner/repo:data/x.yaml@v2')).toBe('https://github.com/owner/repo/blob/v2/data/x.yaml');
    expect(repoUrl(repo)).toBeUndefined();
    expect(sourceHref({ id: 's', repo: 'o/r:p.ts@main' })).toBe('https://github.com/o/r/blob/main/p.ts');
    expect(sourceHref({ id: 's', url: 'https://a.example/', repo: 'o/r:p.ts@main' })).toBe(
      'https://a.example/',
    );
    expect(sourceHref({ id: 's', url: 'javascript:x', repo: 'o/r:p.ts@main' })).toBe(
      'https://github.com/o/r/blob/main/p.ts',
    );
    expect(sourceHref(undefined)).toBeUndefined();
  });
});

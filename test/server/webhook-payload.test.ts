import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify, parseRetryAfter } from '../../src/server/notify/dispatcher.js';
import { renderSlack, slackEscape, type WebhookEvent } from '../../src/server/notify/payload.js';
import { signBody, verifySignature } from '../../src/server/notify/sign.js';
import { checkWebhookUrl, parseDaysBefore } from '../../src/server/notify/webhooks.js';

const event = (name: string, host: string): WebhookEvent => ({
  schema: 'interdict/webhook@1',
  type: 'findings.opened',
  id: 'e1',
  time: '2025-03-01T10:00:00.000Z',
  tenant: { id: 't', slug: 'acme' },
  summary: `1 new high finding(s) on ${host}`,
  host: { id: 'h', name: host, inventory: 'i' },
  findings: [
    {
      id: 'f1',
      host,
      product: { id: 'p', name, vendor: 'v' },
      status: 'unsupported',
      severity: 'high',
      ruling: { id: 'r', title: 'Rule <b>' },
      url: 'https://x.example/findings/f1',
    },
  ],
  total: 1,
});

describe('Slack body', () => {
  it('escapes &, < and > so names cannot mention or link', () => {
    const body = renderSlack(event('Evil <!channel> & <https://evil.example|click>', 'h<@U123>'));
    const text = JSON.stringify(body);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U123>');
    expect(text).not.toContain('<https://evil');
    expect(text).toContain('Evil &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
    expect((body as { text: string }).text).toBe('1 new high finding(s) on h&lt;@U123&gt;');
  });

  it('leaves no raw control character from any name (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (name, host) => {
        const blocks = (renderSlack(event(name, host)) as { blocks: { text?: { text: string } }[] }).blocks;
        const listed = blocks[1]!.text!.text;
        // The only < and > left are those of the link the server itself writes.
        const stripped = listed.replace('<https://x.example/findings/f1|', '').replace(/>/, '');
        return !/[<>]/.test(stripped.replace(slackEscape(name), '').replace(slackEscape(host), ''));
      }),
    );
  });
});

describe('signature', () => {
  it('verifies its own signature and refuses an old timestamp', () => {
    const sig = signBody('k', 1000, '{"a":1}');
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature('k', { signature: sig, timestamp: '1000' }, '{"a":1}', 1100)).toBe(true);
    expect(verifySignature('k', { signature: sig, timestamp: '1000' }, '{"a":1}', 2000)).toBe(false);
    expect(verifySignature('other', { signature: sig, timestamp: '1000' }, '{"a":1}', 1000)).toBe(false);
  });
});

describe('webhook settings', () => {
  it('accepts only http(s) URLs without credentials', () => {
    expect(checkWebhookUrl('https://hooks.slack.com/services/T/B/X')).toBe(
      'https://hooks.slack.com/services/T/B/X',
    );
    for (const bad of [
      'file:///etc/passwd',
      'gopher://x',
      'data:text/plain,x',
      'not a url',
      'https://a:b@x.example/',
    ])
      expect(() => checkWebhookUrl(bad), bad).toThrow(/--url/);
  });

  it('reads days-before lists and names the bad part', () => {
    expect(parseDaysBefore('7, 30,1,7')).toEqual([30, 7, 1]);
    expect(parseDaysBefore('')).toEqual([]);
    expect(() => parseDaysBefore('30,x')).toThrow(/"x"/);
    expect(() => parseDaysBefore('0')).toThrow(/"0"/);
  });
});

describe('answers', () => {
  const now = new Date('2025-03-01T10:00:00Z');
  it('retries 408, 429 and 5xx; fails other 4xx and redirects', () => {
    expect(classify(204, null, now).kind).toBe('delivered');
    for (const s of [408, 429, 500, 502, 503]) expect(classify(s, null, now).kind, String(s)).toBe('retry');
    for (const s of [301, 400, 401, 404, 410, 422])
      expect(classify(s, null, now).kind, String(s)).toBe('failed');
  });
  it('reads Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sat, 01 Mar 2025 10:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

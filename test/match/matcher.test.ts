import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/core/observation.js';
import { requiredWordOf, requiredWordsOf } from '../../src/match/compile.js';
import { createMatcher, DECIDED } from '../../src/match/matcher.js';
import { catalog } from './catalog-fixture.js';

const matcher = createMatcher(catalog);
const origin = { source: 'inventory.json', format: 'osquery', locator: '/0' };
const obs = (o: Partial<Observation>): Observation => ({ kind: 'program', origin, ...o });

describe('createMatcher', () => {
  it('matches a display name with version and architecture noise', () => {
    const r = matcher.match(
      obs({ name: 'Kaspersky Endpoint Security for Windows (12.3.0.493)', publisher: 'AO Kaspersky Lab' }),
    );
    expect(r?.product.ref.id).toBe('kaspersky-endpoint-security-windows');
    expect(r?.match.on).toBe('name');
    expect(r?.match.confidence).toBeGreaterThanOrEqual(DECIDED);
    expect(r?.match.corroboratedBy).toEqual([{ on: 'publisher', value: 'AO Kaspersky Lab' }]);
  });

  it('looks up only the identifier kinds the catalog has entries for', () => {
    expect(matcher.compiled.kinds.has('publisher')).toBe(true);
    expect(matcher.compiled.kinds.has('supplier')).toBe(false);
    // A supplier's name is the screening index's; its other identifiers still meet the catalog.
    const r = matcher.match(obs({ kind: 'supplier', name: 'Acme Reseller', publisher: 'AO Kaspersky Lab' }));
    expect(r?.product.ref.id).toBe('kaspersky-unidentified');
    expect(r?.match.on).toBe('publisher');
    expect(matcher.match(obs({ kind: 'supplier', name: 'Acme Reseller' }))).toBeUndefined();
  });

  it('falls back to the vendor product for unknown software by a known publisher', () => {
    const r = matcher.match(obs({ name: 'Some New Utility', publisher: 'Kaspersky Lab JSC' }));
    expect(r?.product.ref.id).toBe('kaspersky-unidentified');
    expect(r?.match.on).toBe('publisher');
  });

  it('keeps an identifier that needs corroboration below the decision threshold when alone', () => {
    const r = matcher.match(
      obs({
        kind: 'process',
        name: 'avp',
        ids: [{ kind: 'process', value: 'C:\\Program Files\\x\\avp.exe' }],
      }),
    );
    expect(r?.product.ref.id).toBe('kaspersky-endpoint-security-windows');
    expect(r?.match.confidence).toBeLessThan(DECIDED);
  });

  it('decides a process once the signer agrees', () => {
    const r = matcher.match(
      obs({
        kind: 'process',
        ids: [
          { kind: 'process', value: 'avp.exe' },
          { kind: 'signer', value: 'AO Kaspersky Lab' },
        ],
      }),
    );
    expect(r?.match.confidence).toBeGreaterThanOrEqual(DECIDED);
  });

  it('matches bundle id prefixes and domain suffixes', () => {
    expect(
      matcher.match(obs({ kind: 'app', ids: [{ kind: 'bundle-id', value: 'com.kaspersky.kes.mac' }] }))
        ?.product.ref.id,
    ).toBe('kaspersky-endpoint-security-windows');
    expect(
      matcher.match(
        obs({ kind: 'domain', ids: [{ kind: 'domain', value: 'dnl-07.geo.kaspersky-labs.com' }] }),
      )?.product.ref.id,
    ).toBe('kaspersky-update-infrastructure');
    expect(
      matcher.match(obs({ kind: 'domain', ids: [{ kind: 'domain', value: 'notkaspersky-labs.com' }] })),
    ).toBeUndefined();
  });

  it('finds a contained vendor word only on word boundaries', () => {
    expect(
      matcher.match(obs({ name: 'Kaspersky Password Manager Importer' }))?.match.confidence,
    ).toBeLessThan(DECIDED);
    expect(matcher.match(obs({ name: 'Kasperskyish Tool' }))).toBeUndefined();
  });

  it.each([
    ['ESET Endpoint Antivirus', 'ESET, spol. s r.o.'],
    ['Bitdefender Endpoint Security Tools', 'Bitdefender'],
    ['Norton 360', 'Gen Digital Inc.'],
    ['Malwarebytes version 4.6', 'Malwarebytes'],
  ])('does not match %s', (name, publisher) => {
    expect(matcher.match(obs({ name, publisher }))).toBeUndefined();
  });

  it('has a prefilter that lets matching records through and stops others', () => {
    expect(matcher.mayMatch(Buffer.from('{"name":"KASPERSKY Endpoint"}'))).toBe(true);
    expect(matcher.mayMatch(Buffer.from('{"name":"ESET Endpoint Antivirus","publisher":"ESET"}'))).toBe(
      false,
    );
    expect(matcher.mayMatch('query dnl-07.geo.kaspersky-labs.com')).toBe(true);
  });
});

describe('requiredWordOf', () => {
  it.each([
    ['^Kaspersky Security Center( \\d+)? Network Agent', 'kaspersky'],
    ['(Сервер|Консоль) администрирования Kaspersky Security Center', 'администрирования'],
    ['^/(opt|var/opt|etc/opt)/kaspersky/', 'kaspersky'],
    ['\\\\SOFTWARE\\\\(WOW6432Node\\\\)?KasperskyLab(\\\\|$)', 'kasperskylab'],
    ['[\\\\/]Program Files( \\(x86\\))?[\\\\/]Kaspersky Labs?[\\\\/]', 'kaspersky'],
    ['Kaspersky|Касперск', undefined],
    ['(a|b)', undefined],
  ])('%s → %s', (source, word) => {
    expect(requiredWordOf(source)).toBe(word);
  });
});

describe('requiredWordsOf', () => {
  it('takes one word per alternative of a leading group', () => {
    expect(requiredWordsOf('^(kavhttpd|kavicapd|klScanEngineUI)(\\.service)?$')).toEqual([
      'kavhttpd',
      'kavicapd',
      'klscanengineui',
    ]);
    expect(requiredWordsOf('^(Kaspersky|Касперск)')).toEqual(['kaspersky', 'касперск']);
    expect(requiredWordsOf('^(a|kaspersky)')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeCompany, normalizeDomain, normalizeId, normalizeName } from '../../src/core/normalize.js';

describe('normalizeName', () => {
  it.each([
    ['Kaspersky Endpoint Security for Windows (12.3.0.493)', 'kaspersky endpoint security for windows'],
    ['Kaspersky Total Security 2021', 'kaspersky total security'],
    ['Kaspersky® Anti-Virus', 'kaspersky anti virus'],
    ['Kaspersky Security Center 14 Network Agent (x64)', 'kaspersky security center network agent'],
    ['KASPERSKY  INTERNET   SECURITY', 'kaspersky internet security'],
    ['Kaspersky Free (en-US)', 'kaspersky free'],
    ['Антивирус Касперского', 'антивирус касперского'],
    ['ESET Endpoint Antivirus 10.1', 'eset endpoint antivirus'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeName(input)).toBe(expected);
  });

  it('is idempotent and never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const once = normalizeName(s);
        expect(normalizeName(once)).toBe(once);
      }),
    );
  });
});

describe('normalizeCompany', () => {
  it.each([
    ['AO Kaspersky Lab', 'kaspersky lab'],
    ['Kaspersky Lab JSC', 'kaspersky lab'],
    ['Kaspersky Lab, Inc.', 'kaspersky lab'],
    ['АО «Лаборатория Касперского»', 'лаборатория касперского'],
    ['"Лаборатория Касперского"', 'лаборатория касперского'],
    ['ESET, spol. s r.o.', 'eset'],
    ['Limited', 'limited'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeCompany(input)).toBe(expected);
  });
});

describe('identifier normalisers', () => {
  it('folds product codes with and without braces', () => {
    expect(normalizeId('{B5D1D1C5-1A2B-4C3D-8E9F-0123456789AB}')).toBe(
      'b5d1d1c5-1a2b-4c3d-8e9f-0123456789ab',
    );
  });
  it.each([
    ['https://dnl-01.geo.kaspersky.com:443/updates/', 'dnl-01.geo.kaspersky.com'],
    ['KSN.Kaspersky-Labs.com.', 'ksn.kaspersky-labs.com'],
    ['*.kaspersky.com', 'kaspersky.com'],
  ])('domain %s → %s', (input, expected) => {
    expect(normalizeDomain(input)).toBe(expected);
  });
});

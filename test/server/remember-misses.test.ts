import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/core/observation.js';
import { createMatcher } from '../../src/match/matcher.js';
import { rememberMisses } from '../../src/server/evaluation.js';
import { CHROME, KES, testPack } from './harness.js';

const program = (p: { name: string; publisher?: string; version?: string }, n: number): Observation => ({
  kind: 'program',
  ...p,
  host: 'ws-0142',
  origin: { source: 'ws-0142', format: 'windows-registry', locator: `HKLM\\Uninstall\\${n}` },
});

describe('rememberMisses', () => {
  it('answers exactly as the plain matcher, the second time from memory for misses', () => {
    const plain = createMatcher(testPack);
    const remembered = rememberMisses(createMatcher(testPack));
    const observations = [
      program(CHROME, 0),
      program(KES, 1),
      program({ ...CHROME, version: '1.0' }, 2),
      // Same name as a miss but another publisher: a different identifier set, matched afresh.
      program({ name: CHROME.name, publisher: KES.publisher }, 3),
      program({ name: 'Kaspersky Endpoint Security for Windows' }, 4),
      { ...program({ name: 'AO Kaspersky Lab' }, 5), kind: 'supplier' as const },
    ];
    for (let round = 0; round < 2; round++) {
      for (const o of observations) {
        expect(remembered.match(o)?.product.ref.id, `${round} ${o.name}`).toBe(
          plain.match(o)?.product.ref.id,
        );
      }
    }
    expect(plain.match(program(KES, 9))?.product.ref.id).toBe('kaspersky-endpoint-security-windows');
  });
});

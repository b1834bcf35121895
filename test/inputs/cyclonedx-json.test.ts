import { describe, expect, it } from 'vitest';
import { cyclonedxJson } from '../../src/inputs/formats/cyclonedx-json.js';
import { readFixture } from './helpers.js';

describe('cyclonedx-json', () => {
  it('reads metadata.component, components and nested components with carriers and pointers', async () => {
    const { observations, ctx } = await readFixture(cyclonedxJson, 'cyclonedx/gateway-1.5.cdx.json');
    expect(observations.map((o) => [o.origin.locator, o.name, o.carrier])).toEqual([
      ['/metadata/component', 'Acme SecureGateway', undefined],
      ['/components/0', 'Kaspersky Anti-Virus SDK', 'Acme SecureGateway 4.2.1'],
      ['/components/0/components/0', 'klavemu', 'Kaspersky Anti-Virus SDK 8.9.4.1012'],
      ['/components/1', 'openssl', 'Acme SecureGateway 4.2.1'],
    ]);
    expect(ctx.errors).toEqual([
      { source: 'test', locator: '/components/2', message: 'component without a name' },
    ]);
    expect(ctx.records).toBe(5);
    expect(observations[1]).toEqual({
      kind: 'component',
      name: 'Kaspersky Anti-Virus SDK',
      version: '8.9.4.1012',
      publisher: 'AO Kaspersky Lab',
      carrier: 'Acme SecureGateway 4.2.1',
      ids: [
        { kind: 'purl', value: 'pkg:generic/kaspersky/kav-sdk@8.9.4.1012' },
        { kind: 'sha256', value: '9f2c1a0b7e55d7d3a8b1c2d3e4f5061728394a5b6c7d8e9f00112233445566aa' },
      ],
      attributes: {
        type: 'library',
        group: 'kaspersky',
        'bom-ref': 'pkg:generic/kaspersky/kav-sdk@8.9.4.1012',
      },
      origin: {
        source: 'test/fixtures/inputs/cyclonedx/gateway-1.5.cdx.json',
        format: 'cyclonedx-json',
        locator: '/components/0',
      },
    });
    expect(observations[3]!.ids).toContainEqual({
      kind: 'cpe',
      value: 'cpe:2.3:a:openssl:openssl:3.0.15-1\\~deb12u1:*:*:*:*:*:*:*',
    });
  });

  it('takes 1.6 manufacturer and authors, and 1.4-style author strings', async () => {
    const { observations } = await readFixture(cyclonedxJson, 'cyclonedx/agent-1.6.cdx.json');
    expect(observations[0]).toMatchObject({
      publisher: 'Bitdefender SRL',
      ids: [
        { kind: 'publisher', value: 'Bitdefender Labs' },
        { kind: 'purl', value: 'pkg:generic/bitdefender/best@7.9.13.418' },
      ],
    });
    expect(observations[1]).toMatchObject({
      name: 'kaspersky-url-advisor',
      publisher: 'Kaspersky',
      attributes: { group: 'com.kaspersky' },
    });
  });

  it('reports truncated JSON with its line', async () => {
    const { observations, ctx } = await readFixture(cyclonedxJson, 'bad/truncated.cdx.json');
    expect(observations).toEqual([]);
    expect(ctx.errors).toHaveLength(1);
    expect(ctx.errors[0]!.locator).toBe('line 5');
    expect(ctx.errors[0]!.message).toMatch(/invalid JSON/);
  });
});

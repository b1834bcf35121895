import { describe, expect, it } from 'vitest';
import { loadDataPack } from '../../src/data/load.js';
import { scan } from '../../src/scan.js';
import { toCycloneDx } from '../../src/report/cyclonedx.js';
import { citedSourceIds } from '../../src/data/cited-sources.js';

// A real scan with the shipped data pack: the report carries exactly the sources its findings cite.
describe('cited sources in a scanned report', () => {
  it('resolves every cited id the pack knows, with http(s) links only', async () => {
    const pack = await loadDataPack();
    const report = await scan({
      targets: ['examples/fleet-windows-programs.json'],
      asOf: '2026-11-28',
      pack,
    });
    expect(report.findings.length).toBeGreaterThan(0);
    const cited = [...new Set(report.findings.flatMap(citedSourceIds))]
      .filter((id) => pack.sources.has(id))
      .sort();
    expect(report.sources!.map((s) => s.id)).toEqual(cited);
    for (const s of report.sources!) {
      expect(s.title).toBe(pack.sources.get(s.id)!.title);
      if (s.url) expect(s.url).toMatch(/^https?:\/\//);
      const source = pack.sources.get(s.id)!;
      if (!source.url && source.repo) expect(s.url).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+\/blob\//);
    }
    // The BOM's advisories are those links.
    const links = new Set(report.sources!.flatMap((s) => (s.url ? [s.url] : [])));
    const bom = toCycloneDx(report) as { vulnerabilities: { advisories?: { url: string }[] }[] };
    const advisories = bom.vulnerabilities.flatMap((v) => v.advisories ?? []);
    expect(advisories.length).toBeGreaterThan(0);
    for (const a of advisories) expect(links).toContain(a.url);
  });

  it('leaves sources out of a report without findings', async () => {
    const report = await scan({ targets: ['examples/clean-macos-apps.json'], asOf: '2026-11-28' });
    expect(report.findings).toEqual([]);
    expect(report.sources).toBeUndefined();
  });
});

import type { Finding } from './core/finding.js';
import { REPORT_SCHEMA, type ReadError, type Report } from './core/report.js';
import { rankSeverity, STATUSES, type Profile, type Status } from './core/status.js';
import { loadDataPack, type DataPack } from './data/load.js';
import type { Source } from './data/schema.js';
import { createEvaluator, type PackView } from './evaluator.js';
import { createPackMatcher } from './match/pack-matcher.js';
import { readTargets, type ReadTargetsOptions } from './inputs/read-targets.js';
import { today } from './core/dates.js';
import { FindingCollector } from './policy/sightings.js';
import { loadWaivers, type Waiver } from './policy/waivers.js';
import { citedSources } from './data/cited-sources.js';
import { VERSION } from './version.js';

export interface ScanOptions extends Omit<
  ReadTargetsOptions,
  'mayMatch' | 'mayFind' | 'prefilterFor' | 'needles' | 'includeHost'
> {
  /** Files, directories, '-' for stdin. Empty = this host. */
  targets: string[];
  /** Also collect this host when targets are given. */
  includeHost?: boolean;
  asOf?: string;
  profile?: Profile;
  /** Path of a waivers YAML file, or waivers already loaded. */
  waivers?: string | readonly Waiver[];
  /** A data pack already loaded (or any catalog and rulings with a version), or the folder to load one from. */
  pack?: PackView &
    Pick<DataPack, 'version' | 'hash'> & {
      sources?: ReadonlyMap<string, Source> | readonly Source[];
    };
  dataDir?: string;
}

/**
 * Scans the targets and returns the report. Never prints and never exits: read failures are in
 * `report.inputs[].errors` and `report.errors`.
 *
 * @example
 * const report = await scan({ targets: ['fleet.json'], asOf: '2024-10-01', profile: 'us-person' });
 * console.log(report.summary.byStatus);
 */
export async function scan(options: ScanOptions): Promise<Report> {
  const pack = options.pack ?? (await loadDataPack(options.dataDir));
  const asOf = options.asOf ?? today();
  const profile = options.profile ?? 'us-person';
  const waivers =
    typeof options.waivers === 'string' ? await loadWaivers(options.waivers) : (options.waivers ?? []);
  const evaluator = createEvaluator(pack, { asOf, profile, waivers, matcher: createPackMatcher(pack) });
  const { observations, inputs } = readTargets(options.targets, {
    ...options,
    includeHost: options.includeHost || options.targets.length === 0,
    mayMatch: evaluator.matcher.mayMatch,
    mayFind: evaluator.matcher.mayFind,
    prefilterFor: evaluator.matcher.prefilterFor,
    needles: evaluator.matcher.compiled.needles,
  });

  const collector = new FindingCollector();
  for await (const observation of observations) {
    const finding = evaluator.evaluate(observation);
    // One finding per thing per host per source, with every record of it kept as a sighting.
    if (finding)
      collector.add(observation, finding, `${observation.origin.source}\u0001${observation.host ?? ''}`);
  }

  const sorted = collector.findings().sort(compareFindings);
  // Keys in the canonical status order, as a saved report read back has them.
  const byStatus: Partial<Record<Status, number>> = {};
  for (const s of STATUSES) {
    const n = sorted.filter((f) => f.status === s).length;
    if (n) byStatus[s] = n;
  }
  const errors: ReadError[] = inputs.flatMap((i) => i.errors);
  const waiverUses = evaluator.waiverUses();
  return {
    schema: REPORT_SCHEMA,
    tool: { name: 'interdict', version: VERSION, data: `${pack.version}+${pack.hash}` },
    asOf,
    profile,
    inputs,
    summary: { records: inputs.reduce((n, i) => n + i.records, 0), findings: sorted.length, byStatus },
    findings: sorted,
    ...(waiverUses.length ? { waivers: waiverUses } : {}),
    // Titles and addresses travel with the report, so a saved one re-renders with its links.
    ...(pack.sources && sorted.length ? { sources: citedSources(sorted, pack.sources) } : {}),
    errors,
  };
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    rankSeverity(a.severity) - rankSeverity(b.severity) ||
    a.product.id.localeCompare(b.product.id) ||
    (a.observation.host ?? '').localeCompare(b.observation.host ?? '') ||
    a.observation.origin.source.localeCompare(b.observation.origin.source) ||
    compareLocators(a.observation.origin.locator, b.observation.origin.locator)
  );
}

function compareLocators(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

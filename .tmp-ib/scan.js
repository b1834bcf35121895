import { REPORT_SCHEMA } from './core/report.js';
import { rankSeverity } from './core/status.js';
import { loadDataPack } from './data/load.js';
import { createEvaluator } from './evaluator.js';
import { readTargets } from './inputs/read-targets.js';
import { today } from './policy/dates.js';
import { loadWaivers } from './policy/waivers.js';
import { VERSION } from './version.js';
/**
 * Scans the targets and returns the report. Never prints and never exits: read failures are in
 * `report.inputs[].errors` and `report.errors`.
 *
 * @example
 * const report = await scan({ targets: ['fleet.json'], asOf: '2024-10-01', profile: 'us-person' });
 * console.log(report.summary.byStatus);
 */
export async function scan(options) {
    const pack = options.pack ?? (await loadDataPack(options.dataDir));
    const asOf = options.asOf ?? today();
    const profile = options.profile ?? 'us-person';
    const waivers = typeof options.waivers === 'string' ? await loadWaivers(options.waivers) : (options.waivers ?? []);
    const evaluator = createEvaluator(pack, { asOf, profile, waivers });
    const { observations, inputs } = readTargets(options.targets, {
        ...options,
        includeHost: options.includeHost || options.targets.length === 0,
        mayMatch: evaluator.matcher.mayMatch,
    });
    const findings = new Map();
    for await (const observation of observations) {
        const finding = evaluator.evaluate(observation);
        if (!finding)
            continue;
        const key = identityOf(observation, finding.product.id);
        if (observation.removed)
            findings.delete(key);
        else if (!findings.has(key))
            findings.set(key, finding);
    }
    const sorted = [...findings.values()].sort(compareFindings);
    const byStatus = {};
    for (const f of sorted)
        byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
    const errors = inputs.flatMap((i) => i.errors);
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
        errors,
    };
}
/**
 * One finding per thing per host per source: osquery snapshots repeat the same rows every run, and
 * a later `removed` event for the same thing withdraws it.
 */
function identityOf(o, productId) {
    return [o.origin.source, o.host ?? '', o.kind, o.name ?? '', o.version ?? '', o.path ?? '', productId].join('\0');
}
function compareFindings(a, b) {
    return (rankSeverity(a.severity) - rankSeverity(b.severity) ||
        a.product.id.localeCompare(b.product.id) ||
        (a.observation.host ?? '').localeCompare(b.observation.host ?? '') ||
        a.observation.origin.source.localeCompare(b.observation.origin.source) ||
        compareLocators(a.observation.origin.locator, b.observation.origin.locator));
}
function compareLocators(a, b) {
    return a.localeCompare(b, 'en', { numeric: true });
}

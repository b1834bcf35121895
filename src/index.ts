/**
 * interdict as a library: scan inputs, evaluate single observations, load the data pack, read
 * inputs and render reports. The CLI and the server are thin shells over these.
 *
 * @example
 * import { scan } from 'interdict';
 * const report = await scan({ targets: ['fleet.json'], asOf: '2024-10-01', profile: 'federal-contractor' });
 */
export { scan, type ScanOptions } from './scan.js';
export { createEvaluator, type EvaluatorOptions, type PackView } from './evaluator.js';
export { loadDataPack, DataPackError, type DataPack } from './data/load.js';
export { verifyDataPack } from './data/verify.js';
export { describeDataPack, explainId } from './policy/explain.js';
export { createMatcher, type Matcher, type MatchResult } from './match/matcher.js';
export { readTargets, type ReadTargetsOptions } from './inputs/read-targets.js';
export { INPUT_FORMATS, INPUT_FORMAT_IDS, resolveFormat } from './inputs/registry.js';
export type { InputFormat, Collector, ReadContext, InputSource, Sample } from './inputs/types.js';
export { loadReporter, parseOutputSpecs, REPORTER_NAMES, type ReporterName } from './report/registry.js';
export { readReport, ReportReadError } from './report/read-report.js';
export { computeExitCode } from './report/exit-code.js';
export { loadWaivers, type Waiver } from './policy/waivers.js';
export type { Observation, Identifier, IdentifierKind, ObservationKind, Origin } from './core/observation.js';
export type { Finding, MatchInfo, ProductRef, DeterminationRef } from './core/finding.js';
export type { Report, InputSummary, ReadError, SourceLink } from './core/report.js';
export { STATUSES, SEVERITIES, PROFILES, type Status, type Severity, type Profile } from './core/status.js';

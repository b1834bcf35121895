import type { IdentifierKind, Observation } from '../../core/observation.js';
import { readLines } from '../lines.js';
import { readSample } from '../source.js';
import type { Detection, InputFormat, InputSource, ReadContext, Sample } from '../types.js';

/** What one line says: an observation (origin added by the caller), nothing, or an error message. */
export type LineResult = Omit<Observation, 'origin'> | { error: string } | undefined;

export interface LineFormatSpec<S> {
  id: string;
  description: string;
  producedBy: string;
  fileNames?: RegExp[];
  detect(sample: Sample): Detection | undefined;
  /** See InputFormat.identifierKinds: the only identifier kinds this format's records carry. */
  identifierKinds?: readonly IdentifierKind[];
  /**
   * Big logs (DNS, proxy) skip lines the catalog cannot match without decoding them; small
   * inventories read every line so that each malformed line is a located error.
   */
  prefilter?: boolean;
  /** Lines holding this text always reach `parse`, prefilter or not (a Zeek `#fields` header). */
  structural?: string;
  /** State built once from the first 64 KiB (header columns), shared by every line. */
  start?(sample: Sample): S;
  /** A header or comment that is not a record: neither counted nor parsed. */
  isHeader?(text: string, line: number, state: S): boolean;
  parse(text: string, line: number, state: S): LineResult;
}

/**
 * Builds a line-per-record format: `line N` locators, bounded memory, the prefilter for logs,
 * the context's host for records that do not name one.
 * @example export const pkgutilPkgs = createLineFormat({ id: 'pkgutil-pkgs', …, parse: (t) => ({ kind: 'package', name: t }) });
 */
export function createLineFormat<S = undefined>(spec: LineFormatSpec<S>): InputFormat {
  return {
    id: spec.id,
    description: spec.description,
    producedBy: spec.producedBy,
    fileNames: spec.fileNames,
    identifierKinds: spec.identifierKinds,
    detect: spec.detect,
    read: (source, ctx) => readLineRecords(spec, source, ctx),
  };
}

async function* readLineRecords<S>(
  spec: LineFormatSpec<S>,
  source: InputSource,
  ctx: ReadContext,
): AsyncGenerator<Observation> {
  const state = spec.start ? spec.start(await readSample(source)) : (undefined as S);
  const structural = spec.structural;
  const lineCtx: ReadContext = structural
    ? {
        ...ctx,
        error: ctx.error,
        record: ctx.record,
        progress: ctx.progress,
        mayMatch: (chunk) =>
          ctx.mayMatch(chunk) ||
          (typeof chunk === 'string' ? chunk.includes(structural) : chunk.includes(structural)),
      }
    : ctx;
  for await (const { line, text } of readLines(source, lineCtx, { prefilter: spec.prefilter ?? false })) {
    if (spec.isHeader?.(text, line, state)) continue;
    ctx.record();
    let result: LineResult;
    try {
      result = spec.parse(text, line, state);
    } catch (cause) {
      result = { error: (cause as Error).message };
    }
    if (!result) continue;
    if ('error' in result) {
      ctx.error(`line ${line}`, result.error);
      continue;
    }
    const host = result.host ?? ctx.host;
    yield {
      ...result,
      ...(host ? { host } : {}),
      origin: { source: source.name, format: spec.id, locator: `line ${line}` },
    } as Observation;
  }
}

/** Lines split once per sample: some twenty detectors ask for the first few of the same sample. */
const CACHED_LINES = 32;
const linesOfSamples = new WeakMap<Sample, string[]>();

/** The first non-empty lines of a sample, BOM and CR removed. */
export function sampleLines(sample: Sample, count = 20): string[] {
  if (count > CACHED_LINES) return splitLines(sample.text, count);
  let lines = linesOfSamples.get(sample);
  if (!lines) linesOfSamples.set(sample, (lines = splitLines(sample.text, CACHED_LINES)));
  return lines.slice(0, count);
}

function splitLines(text: string, count: number): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split('\n', count * 4)
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
    .filter((l) => l.trim() !== '')
    .slice(0, count);
}

/**
 * Whether at least `threshold` of the first (complete) lines of a sample satisfy `test`; stops at
 * the first line that makes the share unreachable, since most samples are some other format.
 */
export function linesPass(
  sample: Sample,
  test: (line: string) => boolean,
  threshold: number,
  count = 20,
): boolean {
  const lines = sampleLines(sample, count + 1);
  // The last line of a 64 KiB sample may be cut: judge only complete ones when there are several.
  const judged = lines.length > count ? count : lines.length;
  if (judged === 0) return false;
  let failed = 0;
  for (let i = 0; i < judged; i++) {
    if (test(lines[i]!)) continue;
    failed++;
    if ((judged - failed) / judged < threshold) return false;
  }
  return (judged - failed) / judged >= threshold;
}

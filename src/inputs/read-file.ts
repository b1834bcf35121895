import type { Observation } from '../core/observation.js';
import type { InputSummary } from '../core/report.js';
import { createArtifactFormat } from './artifacts/artifact-format.js';
import { ARTIFACT_FORMAT_ID } from './artifacts/frame.js';
import type { ArtifactLimits } from './artifacts/limits.js';
import type { CsvField } from './formats/csv-header.js';
import { createCsvFormat, csv } from './formats/csv.js';
import { probeFile, type ProbedFile } from './file-source.js';
import { readInto, type CountingContext } from './read-context.js';
import { INPUT_FORMATS, settleFormat, type ResolvedFormat } from './registry.js';
import type { InputFormat, InputSource, Sample } from './types.js';

/** What shapes the format list: the same in the main thread and in probe workers. */
export interface FormatSettings {
  /** `--input-format`: forces named inputs; in directories, only files detected as it are read. */
  inputFormat?: string;
  /** `--csv-map`, already validated (`toCsvMap`): observation field → CSV header. */
  csvMap?: Partial<Record<CsvField, string>>;
  artifactLimits?: Partial<ArtifactLimits>;
}

/** The registry's formats with the CSV mapping and artifact limits applied. */
export function configureFormats(
  settings: FormatSettings,
  base: readonly InputFormat[] = INPUT_FORMATS,
): InputFormat[] {
  const artifactFormat = settings.artifactLimits && createArtifactFormat(settings.artifactLimits);
  return base.map((f) =>
    settings.csvMap && f.id === csv.id
      ? createCsvFormat(settings.csvMap)
      : artifactFormat && f.id === ARTIFACT_FORMAT_ID
        ? artifactFormat
        : f,
  );
}

/**
 * The format of a sample, or undefined with the reason on the summary: inside a directory an
 * unrecognised file is `skipped`, a named one is a failed input.
 */
export function settleInput(
  sample: Sample,
  summary: InputSummary,
  formats: readonly InputFormat[],
  inputFormat: string | undefined,
  inWalk: boolean,
): ResolvedFormat | undefined {
  const resolved = settleFormat(sample, inWalk ? undefined : inputFormat, formats, inWalk);
  if (!('format' in resolved)) {
    if (inWalk && resolved.code !== 'unsupported-version') summary.skipped = resolved.message;
    else {
      summary.errors.push({
        source: sample.name,
        locator: resolved.locator ?? 'byte 0',
        message: resolved.message,
      });
      summary.failed = true;
    }
    return undefined;
  }
  if (inWalk && inputFormat && resolved.format.id !== inputFormat) {
    summary.skipped = `detected as ${resolved.format.id}, not ${inputFormat}`;
    return undefined;
  }
  return resolved;
}

/**
 * Probes a file and settles its format, synchronously (see `probeFile`: call `keep()` before the
 * next probe if the file is to be read). Undefined when it cannot be opened, with the error on
 * the summary; `resolved` is undefined when it is skipped or failed detection.
 */
export function probeInput(
  path: string,
  summary: InputSummary,
  formats: readonly InputFormat[],
  inputFormat: string | undefined,
  inWalk: boolean,
): { probed: ProbedFile; resolved?: ResolvedFormat } | undefined {
  try {
    const probed = probeFile(path);
    return { probed, resolved: settleInput(probed.sample, summary, formats, inputFormat, inWalk) };
  } catch (cause) {
    summary.errors.push({ source: path, locator: '', message: (cause as Error).message });
    summary.failed = true;
    return undefined;
  }
}

/** Reads a source with its settled format into `summary`; read failures become located errors. */
export function readWithFormat(
  source: InputSource,
  resolved: ResolvedFormat,
  summary: InputSummary,
  ctx: CountingContext,
): AsyncGenerator<Observation> {
  return readInto(resolved.format.id, () => resolved.format.read(source, ctx), summary, ctx);
}

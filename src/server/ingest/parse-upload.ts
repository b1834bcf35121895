import type { Observation } from '../../core/observation.js';
import type { ReadError } from '../../core/report.js';
import { interdictInventory } from '../../inputs/formats/interdict-inventory.js';
import { INPUT_FORMATS, InputFormatError, resolveFormat } from '../../inputs/registry.js';
import { readSample } from '../../inputs/source.js';
import type { InputFormat, InputSource, ReadContext } from '../../inputs/types.js';

const UPLOAD_FORMATS: readonly InputFormat[] = [
  interdictInventory,
  ...INPUT_FORMATS.filter((f) => f.id !== interdictInventory.id),
];
/** Errors kept per upload; past this only the count grows. */
const MAX_KEPT_ERRORS = 100;

export interface ParsedUpload {
  format: string;
  records: number;
  errors: ReadError[];
  errorCount: number;
  observations: Observation[];
  /** From the inventory itself when it says, else undefined (the server then uses the time received). */
  collectedAt?: string;
}

export class UploadRejected extends Error {
  constructor(
    message: string,
    readonly errors: ReadError[],
    readonly status: 413 | 422 = 422,
  ) {
    super(message);
  }
}

/**
 * Reads an uploaded inventory with the same format readers as `interdict scan`: every observation is
 * kept (not only those the current catalog matches) so a later data pack can re-evaluate them.
 */
export async function parseUpload(
  source: InputSource,
  options: { name: string; host: string; formatId?: string; maxObservations: number },
): Promise<ParsedUpload> {
  const sample = await readSample(source);
  let format: InputFormat;
  try {
    // What agents send: detected by the first format tried, with the highest confidence, so the
    // content detection would pick it too; checking the others on every upload is wasted work.
    const formatId =
      options.formatId ??
      (interdictInventory.detect(sample)?.confidence === 1 ? interdictInventory.id : undefined);
    format = resolveFormat(sample, formatId, UPLOAD_FORMATS).format;
  } catch (error) {
    if (error instanceof InputFormatError) {
      throw new UploadRejected(error.message, [
        { source: options.name, locator: '/', message: error.message },
      ]);
    }
    throw error;
  }
  const errors: ReadError[] = [];
  let errorCount = 0;
  let records = 0;
  const ctx: ReadContext = {
    error(locator, message) {
      errorCount++;
      if (errors.length < MAX_KEPT_ERRORS) errors.push({ source: options.name, locator, message });
    },
    record: (n = 1) => void (records += n),
    mayMatch: () => true,
    progress: () => undefined,
    host: options.host,
  };
  const observations: Observation[] = [];
  try {
    for await (const o of format.read(source, ctx)) {
      if (observations.length >= options.maxObservations) {
        throw new UploadRejected(
          `more than ${options.maxObservations} observations in one inventory`,
          errors,
          413,
        );
      }
      observations.push(o.host === options.host ? o : { ...o, host: options.host });
    }
  } catch (error) {
    if (error instanceof UploadRejected) throw error;
    ctx.error('/', `${format.id}: ${(error as Error).message}`);
    throw new UploadRejected(`${format.id} input could not be read`, errors);
  }
  if (observations.length === 0 && errorCount > 0) {
    throw new UploadRejected(`${format.id} input has no readable record (${errorCount} errors)`, errors);
  }
  return {
    format: format.id,
    records,
    errors,
    errorCount,
    observations,
    ...(format.id === interdictInventory.id ? { collectedAt: readCollectedAt(sample.text) } : {}),
  };
}

function readCollectedAt(text: string): string | undefined {
  const m = /"collectedAt"\s*:\s*"([^"\\]{1,64})"/.exec(text);
  if (!m) return undefined;
  const ms = Date.parse(m[1]!);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

import { interdictInventory } from '../../inputs/formats/interdict-inventory.js';
import { INPUT_FORMATS, InputFormatError, resolveFormat } from '../../inputs/registry.js';
import { createBufferSource, readSample } from '../../inputs/source.js';
const UPLOAD_FORMATS = [
    interdictInventory,
    ...INPUT_FORMATS.filter((f) => f.id !== interdictInventory.id),
];
/** Errors kept per upload; past this only the count grows. */
const MAX_KEPT_ERRORS = 100;
export class UploadRejected extends Error {
    errors;
    status;
    constructor(message, errors, status = 422) {
        super(message);
        this.errors = errors;
        this.status = status;
    }
}
/**
 * Reads an uploaded inventory with the same format readers as `interdict scan`: every observation is
 * kept (not only those the current catalog matches) so a later data pack can re-evaluate them.
 */
export async function parseUpload(body, options) {
    const source = createBufferSource(options.name, body);
    const sample = await readSample(source);
    let format;
    try {
        format = resolveFormat(sample, options.formatId, UPLOAD_FORMATS).format;
    }
    catch (error) {
        if (error instanceof InputFormatError) {
            throw new UploadRejected(error.message, [
                { source: options.name, locator: '/', message: error.message },
            ]);
        }
        throw error;
    }
    const errors = [];
    let errorCount = 0;
    let records = 0;
    const ctx = {
        error(locator, message) {
            errorCount++;
            if (errors.length < MAX_KEPT_ERRORS)
                errors.push({ source: options.name, locator, message });
        },
        record: (n = 1) => void (records += n),
        mayMatch: () => true,
        progress: () => undefined,
        host: options.host,
    };
    const observations = [];
    try {
        for await (const o of format.read(source, ctx)) {
            if (observations.length >= options.maxObservations) {
                throw new UploadRejected(`more than ${options.maxObservations} observations in one inventory`, errors, 413);
            }
            observations.push({ ...o, host: options.host });
        }
    }
    catch (error) {
        if (error instanceof UploadRejected)
            throw error;
        ctx.error('/', `${format.id}: ${error.message}`);
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
function readCollectedAt(text) {
    const m = /"collectedAt"\s*:\s*"([^"\\]{1,64})"/.exec(text);
    if (!m)
        return undefined;
    const ms = Date.parse(m[1]);
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

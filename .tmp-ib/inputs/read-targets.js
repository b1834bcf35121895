import { stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { toCsvMap } from './formats/csv-header.js';
import { createCsvFormat, csv } from './formats/csv.js';
import { createArtifactFormat } from './artifacts/artifact-format.js';
import { ARTIFACT_FORMAT_ID } from './artifacts/frame.js';
import { INPUT_FORMATS, InputFormatError, listHostCollectors, resolveFormat } from './registry.js';
import { createStreamSource, openFileSource, readSample } from './source.js';
import { walkDirectory } from './walk.js';
/** More errors than this from one input are summarised in one last error. */
export const MAX_ERRORS_PER_INPUT = 1000;
/**
 * Reads files, directories, '-' (stdin) or, with no target, this host, as one stream of
 * observations. Never throws for a bad input: a missing, empty or unreadable input is an
 * entry in `inputs` with its located errors. Throws only for a bad `csvMap` (a usage error).
 * @example
 * const { observations, inputs } = readTargets(['fleet.json'], {});
 * for await (const obs of observations) match(obs);
 * console.log(inputs[0].records);
 */
export function readTargets(targets, options = {}) {
    const csvMap = toCsvMap(options.csvMap);
    const artifactFormat = options.artifactLimits && createArtifactFormat(options.artifactLimits);
    const formats = (options.formats ?? INPUT_FORMATS).map((f) => csvMap && f.id === csv.id
        ? createCsvFormat(csvMap)
        : artifactFormat && f.id === ARTIFACT_FORMAT_ID
            ? artifactFormat
            : f);
    const inputs = [];
    const mayMatch = options.mayMatch ?? (() => true);
    let doneBytes = 0;
    let totalBytes;
    function createContext(summary, host) {
        let suppressed = 0;
        const add = (list, locator, message) => {
            if (summary.errors.length >= MAX_ERRORS_PER_INPUT && list === summary.errors)
                suppressed++;
            else
                list.push({ source: summary.source, locator, message });
        };
        return {
            error: (locator, message) => add(summary.errors, locator, message),
            note: (locator, message) => add((summary.notes ??= []), locator, message),
            record: (count = 1) => {
                summary.records += count;
            },
            mayMatch,
            progress: (bytes) => options.onProgress?.(doneBytes + bytes, totalBytes, summary.source),
            host,
            signal: options.signal,
            get suppressed() {
                return suppressed;
            },
        };
    }
    function finish(summary, ctx, yielded) {
        if (ctx.suppressed) {
            summary.errors.push({
                source: summary.source,
                locator: '',
                message: `${ctx.suppressed} more errors not shown`,
            });
        }
        if (yielded === 0 && summary.records === 0 && summary.errors.length > 0)
            summary.failed = true;
    }
    async function* readOne(source, inWalk) {
        const summary = { source: source.name, format: '', records: 0, errors: [] };
        inputs.push(summary);
        const ctx = createContext(summary);
        let yielded = 0;
        try {
            const sample = await readSample(source);
            let resolved;
            try {
                resolved = resolveFormat(sample, inWalk ? undefined : options.inputFormat, formats);
            }
            catch (cause) {
                if (!(cause instanceof InputFormatError))
                    throw cause;
                if (inWalk && cause.code !== 'unsupported-version')
                    summary.skipped = cause.message;
                else {
                    summary.errors.push({ source: source.name, locator: 'byte 0', message: cause.message });
                    summary.failed = true;
                }
                return;
            }
            if (inWalk && options.inputFormat && resolved.format.id !== options.inputFormat) {
                summary.skipped = `detected as ${resolved.format.id}, not ${options.inputFormat}`;
                return;
            }
            summary.format = resolved.format.id;
            for await (const obs of resolved.format.read(source, ctx)) {
                yielded++;
                yield obs;
            }
        }
        catch (cause) {
            if (options.signal?.aborted)
                throw cause;
            ctx.error('', `read failed: ${cause.message}`);
        }
        finally {
            finish(summary, ctx, yielded);
            doneBytes += source.size ?? 0;
        }
    }
    async function* collectHost() {
        const host = hostname();
        const collectors = options.collectors ?? listHostCollectors();
        if (collectors.length === 0) {
            const message = `no host collector for platform ${process.platform}; name files or directories to scan`;
            inputs.push({
                source: host,
                format: 'host',
                records: 0,
                errors: [{ source: host, locator: '', message }],
                failed: true,
            });
            return;
        }
        for (const collector of collectors) {
            const summary = { source: host, format: collector.id, records: 0, errors: [] };
            inputs.push(summary);
            const ctx = createContext(summary, host);
            let yielded = 0;
            try {
                for await (const obs of collector.collect(ctx)) {
                    yielded++;
                    yield obs;
                }
            }
            catch (cause) {
                if (options.signal?.aborted)
                    throw cause;
                ctx.error(collector.id, `collector failed: ${cause.message}`);
            }
            finally {
                finish(summary, ctx, yielded);
            }
        }
    }
    async function* generate() {
        totalBytes = await sumSizes(targets);
        for (const target of targets) {
            options.signal?.throwIfAborted();
            if (target === '-') {
                yield* readOne(createStreamSource('-', options.stdin ?? process.stdin), false);
                continue;
            }
            let isDirectory;
            try {
                isDirectory = (await stat(target)).isDirectory();
            }
            catch (cause) {
                const message = cause.code === 'ENOENT'
                    ? 'no such file or directory'
                    : cause.message;
                inputs.push({
                    source: target,
                    format: '',
                    records: 0,
                    errors: [{ source: target, locator: '', message }],
                    failed: true,
                });
                continue;
            }
            if (!isDirectory) {
                yield* readFile(target, false);
                continue;
            }
            const walkErrors = [];
            const notSkipped = new Map();
            const walk = walkDirectory(target, {
                descend: options.walk?.descend,
                signal: options.signal,
                onError: (path, error) => walkErrors.push({ source: path, locator: '', message: `cannot list directory: ${error.message}` }),
                onSkip: (path, reason) => {
                    const seen = notSkipped.get(reason);
                    if (seen)
                        seen.count++;
                    else
                        notSkipped.set(reason, { count: 1, first: path });
                },
            });
            for await (const path of walk)
                yield* readFile(path, true);
            const notes = [...notSkipped].map(([reason, { count, first }]) => ({
                source: target,
                locator: first,
                message: `${count} ${reason} not read (first: ${first})`,
            }));
            if (walkErrors.length || notes.length)
                inputs.push({
                    source: target,
                    format: 'directory',
                    records: 0,
                    errors: walkErrors,
                    ...(notes.length ? { notes } : {}),
                });
        }
        if (options.includeHost ?? targets.length === 0)
            yield* collectHost();
    }
    async function* readFile(path, inWalk) {
        let source;
        try {
            source = await openFileSource(path);
        }
        catch (cause) {
            inputs.push({
                source: path,
                format: '',
                records: 0,
                errors: [{ source: path, locator: '', message: cause.message }],
                failed: true,
            });
            return;
        }
        yield* readOne(source, inWalk);
    }
    return { observations: generate(), inputs };
}
/** Total bytes of the named files, or undefined when a directory or stdin makes it unknowable up front. */
async function sumSizes(targets) {
    let total = 0;
    for (const target of targets) {
        if (target === '-')
            return undefined;
        const info = await stat(target).catch(() => undefined);
        if (info?.isDirectory())
            return undefined;
        total += info?.size ?? 0;
    }
    return total;
}
